import Testing

@testable import CommonMark

@Test func moduleLoads() { #expect(Bool(true)) }
