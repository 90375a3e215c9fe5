import Testing

@testable import LessonRunner

@Test func moduleLoads() { #expect(Bool(true)) }
