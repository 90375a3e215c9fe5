// The LessonSite module.
