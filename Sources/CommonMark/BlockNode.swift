/// The kinds of block the block parser builds.
enum BlockKind: UInt8 {
    case document, blockQuote, list, item, paragraph, heading, thematicBreak, codeBlock, htmlBlock
}

/// The marker data of a list or list item while parsing.
struct ListData {
    /// Whether the marker is a number.
    var isOrdered = false
    /// The bullet character (`-`, `+`, `*`), or 0 for an ordered marker.
    var bulletChar: UInt8 = 0
    /// The start number of an ordered marker.
    var start = 1
    /// The delimiter (`.` or `)`) of an ordered marker, or 0.
    var delimiter: UInt8 = 0
    /// Columns from the marker's start to the item's content.
    var padding = 0
    /// Columns of indentation before the marker.
    var markerOffset = 0
    /// Whether the list is tight.
    var isTight = true

    /// Whether an item with marker `other` continues a list with this marker.
    func matches(_ other: ListData) -> Bool {
        isOrdered == other.isOrdered && delimiter == other.delimiter
            && bulletChar == other.bulletChar
    }
}

/// A mutable block node of the tree the block parser builds, before it becomes a value.
final class BlockNode {
    /// What kind of block this is (a paragraph may turn into a setext heading).
    @exclusivity(unchecked) var kind: BlockKind
    /// The child blocks, in order.
    @exclusivity(unchecked) var children: [BlockNode] = []
    /// The container holding this block; nil for the document.
    @exclusivity(unchecked) unowned(unsafe) var parent: BlockNode?
    /// How many containers enclose this block (0 for the document).
    @exclusivity(unchecked) var depth = 0
    /// Whether the block can still take lines.
    @exclusivity(unchecked) var isOpen = true
    /// Whether the last line this block saw was blank (for list tightness).
    @exclusivity(unchecked) var lastLineBlank = false
    /// Where the block starts.
    @exclusivity(unchecked) var startLine: Int
    /// The 1-based byte column where the block starts.
    @exclusivity(unchecked) var startColumn: Int
    /// The last source line of the block, set when it is closed.
    @exclusivity(unchecked) var endLine = 0
    /// The raw content of a leaf block, one "\n"-terminated line after another.
    @exclusivity(unchecked) var content: [UInt8] = []
    /// The source line of each content line.
    @exclusivity(unchecked) var lineNumbers: [Int] = []
    /// The 1-based byte column where each content line starts.
    @exclusivity(unchecked) var lineColumns: [Int] = []
    /// The heading level.
    @exclusivity(unchecked) var level = 0
    /// Whether a heading was underlined.
    @exclusivity(unchecked) var isSetext = false
    /// Whether a code block is fenced.
    @exclusivity(unchecked) var isFenced = false
    /// The fence character of a fenced code block.
    @exclusivity(unchecked) var fenceChar: UInt8 = 0
    /// The length of the opening fence.
    @exclusivity(unchecked) var fenceLength = 0
    /// The opening fence's indentation, removed from content lines.
    @exclusivity(unchecked) var fenceOffset = 0
    /// The raw info string after the opening fence.
    @exclusivity(unchecked) var info: [UInt8] = []
    /// Whether the opening fence line has been taken (its rest is the info string).
    @exclusivity(unchecked) var infoTaken = false
    /// The line of the closing fence, if any.
    @exclusivity(unchecked) var closingLine: Int?
    /// List or item marker data.
    @exclusivity(unchecked) var listData = ListData()
    /// The HTML block type, 1 to 7.
    @exclusivity(unchecked) var htmlType = 0

    /// Creates an open block node starting at a line and byte column.
    init(kind: BlockKind, line: Int, column: Int) {
        self.kind = kind
        self.startLine = line
        self.startColumn = column
    }

    /// Whether this block takes text lines directly.
    var acceptsLines: Bool {
        kind == .paragraph || kind == .codeBlock || kind == .htmlBlock
    }

    /// Whether this block may hold a child of the given kind.
    func canContain(_ child: BlockKind) -> Bool {
        switch kind {
        case .document, .blockQuote, .item: child != .item
        case .list: child == .item
        default: false
        }
    }

    /// Whether the block, or its last descendant through lists and items, ended with a blank
    /// line.
    var endsWithBlankLine: Bool {
        var block: BlockNode? = self
        while let current = block {
            if current.lastLineBlank { return true }
            if current.kind == .list || current.kind == .item {
                block = current.children.last
            } else {
                return false
            }
        }
        return false
    }
}
