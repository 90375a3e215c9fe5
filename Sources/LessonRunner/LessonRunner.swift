// The LessonRunner module.
