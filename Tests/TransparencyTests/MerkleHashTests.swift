import Crypto
import Testing
import Transparency

@Suite struct MerkleHashTests {
    @Test func emptyRoot_isSHA256OfNothing() {
        #expect(MerkleHash.emptyRoot.hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func leafHash_prefixesZeroByte() {
        // RFC 6962 test vector: the leaf hash of the empty record is the root of the 1-leaf tree.
        #expect(MerkleHash.leafHash([UInt8]()).hex == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
        let data = Array("albo".utf8)
        #expect(MerkleHash.leafHash(data) == TreeHash(digest: SHA256.hash(data: [0] + data)))
    }

    @Test func leafHash_sameForEveryByteContainer() {
        let text = "{\"seq\":0}"
        let expected = MerkleHash.leafHash(Array(text.utf8))
        #expect(MerkleHash.leafHash(text.utf8) == expected)
        #expect(MerkleHash.leafHash(Array(text.utf8)[...]) == expected)
        #expect(MerkleHash.leafHash(AnySequence(text.utf8)) == expected)
        #expect(Array(text.utf8).withUnsafeBytes { MerkleHash.leafHash($0) } == expected)
    }

    @Test func nodeHash_prefixesOneByteAndOrdersChildren() {
        let left = MerkleHash.leafHash([UInt8]())
        let right = MerkleHash.leafHash([0])
        let node = MerkleHash.nodeHash(left, right)
        #expect(node.hex == "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")
        #expect(node == TreeHash(digest: SHA256.hash(data: [1] + left.bytes + right.bytes)))
        #expect(MerkleHash.nodeHash(right, left) != node)
    }
}
