import Testing

@testable import LessonCore

@Test func moduleLoads() { #expect(Bool(true)) }
