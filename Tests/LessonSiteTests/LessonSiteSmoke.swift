import Testing

@testable import LessonSite

@Test func moduleLoads() { #expect(Bool(true)) }
