/// One page in the sidebar and in the previous/next order.
struct NavEntry: Sendable, Hashable {
    /// `lesson` or `quiz`.
    var section: String
    /// The page's file name.
    var href: String
    /// `01`.
    var number: String
    var title: String
    var status: PageStatus?
}
