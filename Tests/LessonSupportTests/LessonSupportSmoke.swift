import Testing

@testable import LessonSupport

@Test func moduleLoads() { #expect(Bool(true)) }
