/// A small, fast, seeded random number generator (SplitMix64).
///
/// The same seed always gives the same sequence on every platform, so lessons can print
/// "random" values and still check them. It is a value type: copying it copies its state.
/// Not suitable for cryptography.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
    /// The generator's current state; it advances by a fixed odd constant on every draw.
    public private(set) var state: UInt64

    /// Creates a generator whose sequence is fully determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Returns the next 64 random bits and advances the state.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
