// Walk-kernel micro-benchmark (branch score, issue 12/14): one customer down 8,000 synthetic trees in preorder
// (random splits on a 1/64 grid over 20 features), CPU time per customer for three kernels: four walks in
// lockstep (main), breadth-first on 16-byte nodes (this branch), breadth-first on 8-byte nodes with threshold
// ranks (not built into churn). Not part of the package. Run: swiftc -O walk_micro.swift -o /tmp/walk_micro &&
// /tmp/walk_micro 100   (leaves per tree)
// Micro-benchmark of tree-walk kernels on a synthetic forest shaped like the policy's (8,000 trees).
import Foundation

struct Node { var threshold: Double; var code: Int32; var next: Int32 }   // 16 B, preorder, leaf code -1
struct Node8 { var code: UInt16; var rank: UInt16; var next: Int32 }        // 8 B: feature, threshold rank, right

struct RNG { var s: UInt64; mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) } }

let d = 20, treesN = 8000, leavesPerTree = Int(CommandLine.arguments.dropFirst().first ?? "100") ?? 100
var rng = RNG(s: 88172645463325252)
var nodes: [Node] = [], roots: [Int] = []
// Grow random trees in preorder: recursive split until leaf budget.
func grow(_ leaves: Int) {
  if leaves <= 1 { nodes.append(Node(threshold: 0, code: -1, next: Int32(nodes.count))); return }
  let at = nodes.count
  nodes.append(Node(threshold: Double(Int(rng.uniform() * 64)) / 64, code: Int32(Int(rng.uniform() * Double(d))), next: -1))
  let l = max(1, min(leaves - 1, Int(Double(leaves) * (0.2 + 0.6 * rng.uniform()))))
  grow(l)
  nodes[at].next = Int32(nodes.count)
  grow(leaves - l)
}
for _ in 0..<treesN { roots.append(nodes.count); grow(leavesPerTree) }
// Rank encoding per feature (thresholds are on a 1/64 grid here).
var nodes8 = nodes.map { n -> Node8 in
  n.code < 0 ? Node8(code: 0xFFFF, rank: 0, next: n.next) : Node8(code: UInt16(n.code), rank: UInt16(n.threshold * 64), next: n.next) }
print("nodes \(nodes.count), \(nodes.count * 16 / 1_000_000) MB (16 B) / \(nodes.count * 8 / 1_000_000) MB (8 B)")

let customers = 400
let rows: [[Double]] = (0..<customers).map { _ in (0..<d).map { _ in rng.uniform() } }
let ranks: [[UInt16]] = rows.map { $0.map { x in UInt16(min(64, max(0, Int((x * 64).rounded(.up))))) } }  // #thresholds < x

func lockstep4(_ x: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ out: UnsafeMutablePointer<Int32>) {
  @inline(__always) func one(_ k0: Int) -> Int32 { var k = k0; while true { let n = nd[k]; if n.code < 0 { return n.next }
    let v = x[Int(n.code & 0x1FFF_FFFF)]; k = v.isNaN ? Int(n.next) : (v <= n.threshold ? k + 1 : Int(n.next)) } }
  var t = 0
  while t + 4 <= treesN {
    var k0 = roots[t], k1 = roots[t + 1], k2 = roots[t + 2], k3 = roots[t + 3]
    var n0 = nd[k0], n1 = nd[k1], n2 = nd[k2], n3 = nd[k3]
    while (n0.code | n1.code | n2.code | n3.code) >= 0 {
      k0 = x[Int(n0.code)] <= n0.threshold ? k0 + 1 : Int(n0.next); k1 = x[Int(n1.code)] <= n1.threshold ? k1 + 1 : Int(n1.next)
      k2 = x[Int(n2.code)] <= n2.threshold ? k2 + 1 : Int(n2.next); k3 = x[Int(n3.code)] <= n3.threshold ? k3 + 1 : Int(n3.next)
      n0 = nd[k0]; n1 = nd[k1]; n2 = nd[k2]; n3 = nd[k3]
    }
    out[t] = one(k0); out[t + 1] = one(k1); out[t + 2] = one(k2); out[t + 3] = one(k3)
    t += 4
  }
}
var lane = [Int32](repeating: 0, count: 2 * treesN)
func breadth(_ x: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ out: UnsafeMutablePointer<Int32>, _ sc: UnsafeMutablePointer<Int32>) {
  let ln = sc, at = sc + treesN
  for j in 0..<treesN { ln[j] = Int32(j); at[j] = Int32(roots[j]) }
  var n = treesN
  while n > 0 { var w = 0
    for i in 0..<n { let k = Int(at[i]), l = Int(ln[i]); var v = nd[k]; let split = v.code >= 0
      out[l] = v.next; v.code = split ? v.code : 0
      ln[w] = Int32(l); at[w] = x[Int(v.code)] <= v.threshold ? Int32(k + 1) : v.next; w += split ? 1 : 0 }
    n = w }
}
func breadth8(_ r: UnsafePointer<UInt16>, _ nd: UnsafePointer<Node8>, _ out: UnsafeMutablePointer<Int32>, _ sc: UnsafeMutablePointer<Int32>) {
  let ln = sc, at = sc + treesN
  for j in 0..<treesN { ln[j] = Int32(j); at[j] = Int32(roots[j]) }
  var n = treesN
  while n > 0 { var w = 0
    for i in 0..<n { let k = Int(at[i]), l = Int(ln[i]); let v = nd[k]; let split = v.code != 0xFFFF
      out[l] = v.next; let f = split ? Int(v.code) : 0
      ln[w] = Int32(l); at[w] = r[f] <= v.rank ? Int32(k + 1) : v.next; w += split ? 1 : 0 }
    n = w }
}
var outA = [Int32](repeating: 0, count: treesN), outB = outA, outC = outA
func time(_ name: String, _ body: (Int) -> Void) -> Double {
  var a = timespec(), b = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a)
  for c in 0..<customers { body(c) }
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
  let us = (Double(b.tv_sec - a.tv_sec) * 1e9 + Double(b.tv_nsec - a.tv_nsec)) / 1e3 / Double(customers)
  return us
}
var check = 0
nodes.withUnsafeBufferPointer { np in nodes8.withUnsafeBufferPointer { n8 in lane.withUnsafeMutableBufferPointer { sc in
  outA.withUnsafeMutableBufferPointer { a in outB.withUnsafeMutableBufferPointer { b in outC.withUnsafeMutableBufferPointer { c in
    for round in 0..<3 {
      let tA = time("lockstep4") { i in rows[i].withUnsafeBufferPointer { lockstep4($0.baseAddress!, np.baseAddress!, a.baseAddress!) } }
      let tB = time("breadth") { i in rows[i].withUnsafeBufferPointer { breadth($0.baseAddress!, np.baseAddress!, b.baseAddress!, sc.baseAddress!) } }
      let tC = time("breadth8") { i in ranks[i].withUnsafeBufferPointer { breadth8($0.baseAddress!, n8.baseAddress!, c.baseAddress!, sc.baseAddress!) } }
      if Array(a) != Array(b) || Array(b) != Array(c) { check += 1 }
      print(String(format: "round %d: CPU µs per customer (8000 walks): lockstep4 %.0f, breadth-first 16 B %.0f, breadth-first 8 B ranks %.0f", round, tA, tB, tC))
    }
  } } } } } }
print("leaf mismatches between kernels (last customer): \(check)")
