// The system zlib (Debian: apt-get install zlib1g-dev; macOS: part of the SDK).
#include <zlib.h>
