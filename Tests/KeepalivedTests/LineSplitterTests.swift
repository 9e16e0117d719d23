import Testing
@testable import Keepalived
import SeededRandom

@Suite("Line splitter")
struct LineSplitterTests {
    @Test func splitsLinesAndCapsLongOnes() {
        var splitter = LineSplitter(maxLineLength: 4)
        #expect(splitter.feed(Array("ab\ncdef\nghijk".utf8)) == [.line(Array("ab".utf8)), .line(Array("cdef".utf8))])
        #expect(splitter.feed(Array("lm\n\nx".utf8)) == [.overlong(length: 7), .line([])])
        #expect(splitter.feed(Array("\n".utf8)) == [.line(Array("x".utf8))])
    }

    /// However the stream is cut into chunks, the same pieces come out.
    @Test func chunkingDoesNotChangeTheResult() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let stream = (0..<Int(rng.next() % 200)).map { _ in
                rng.next() % 6 == 0 ? UInt8(ascii: "\n") : UInt8(ascii: "a")
            }
            var whole = LineSplitter(maxLineLength: 16)
            let expected = whole.feed(stream)
            var chunked = LineSplitter(maxLineLength: 16)
            var pieces: [LineSplitter.Piece] = []
            var start = 0
            while start < stream.count {
                let end = min(stream.count, start + 1 + Int(rng.next() % 20))
                pieces += chunked.feed(stream[start..<end])
                start = end
            }
            #expect(pieces == expected)
        }
    }
}
