// The LessonSupport module.
