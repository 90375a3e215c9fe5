// The LessonCore module.
