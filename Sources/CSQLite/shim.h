// The system SQLite (Debian: apt-get install libsqlite3-dev; macOS: part of the SDK).
#include <sqlite3.h>
