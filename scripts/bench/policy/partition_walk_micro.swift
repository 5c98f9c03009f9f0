// Partition-walk kernel probe (branch walk): m rows (arg 2, default 2048) x 12 uniform features, column-major,
// down each of 400 random preorder trees (leaves per tree = arg 1), one thread, CPU ns per (row, tree) walk, leaves
// checked equal to the one walk's. Variants (arg 3): "one" = the one walk per row; 0 = partition walk with the
// decision as a select (compiled to branches); 1 = decision as a SIMD mask; 2 = decision as a 0/1 number choosing
// the write position (the kernel adopted in Learn/Tree/PartitionWalk.swift). Not part of the package.
// Run: swiftc -O partition_walk_micro.swift -o /tmp/pwm && for v in one 0 1 2; do /tmp/pwm 75 2048 $v; done
import Foundation
struct Node { var threshold: Double; var code: Int32; var next: Int32 }
struct RNG { var s: UInt64; mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) } }
let d = 12, treesN = 400, leavesPerTree = Int(CommandLine.arguments[1])!, m = Int(CommandLine.arguments[2]) ?? 2048
let variant = CommandLine.arguments[3]
var rng = RNG(s: 88172645463325252)
var nodes: [Node] = [], roots: [Int] = []
func grow(_ leaves: Int) {
  if leaves <= 1 { nodes.append(Node(threshold: 0, code: -1, next: Int32(nodes.count))); return }
  let at = nodes.count
  nodes.append(Node(threshold: rng.uniform(), code: Int32(Int(rng.uniform() * Double(d))), next: -1))
  let l = max(1, min(leaves - 1, Int(Double(leaves) * (0.2 + 0.6 * rng.uniform()))))
  grow(l); nodes[at].next = Int32(nodes.count); grow(leaves - l)
}
for _ in 0..<treesN { roots.append(nodes.count); grow(leavesPerTree) }
let xcol: [Double] = (0..<(m * d)).map { _ in rng.uniform() }
var out = [Int32](repeating: 0, count: m * treesN)
@inline(never) func oneWalk(_ x: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) {
  for t in 0..<treesN { let root = roots[t]
    for r in 0..<m { var k = root
      while true { let n = nd[k]; if n.code < 0 { o[t * m + r] = n.next; break }
        k = x[Int(n.code) * m + r] <= n.threshold ? k &+ 1 : Int(n.next) } } }
}
let A = UnsafeMutablePointer<Int32>.allocate(capacity: m), B = UnsafeMutablePointer<Int32>.allocate(capacity: m)
let S = UnsafeMutablePointer<(Int32, Int32, Int32, Int32)>.allocate(capacity: 4096)
@inline(never) func part(_ x: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>, _ kind: Int) {
  for t in 0..<treesN {
    for r in 0..<m { A[r] = Int32(r) }
    var top = 1; S[0] = (Int32(roots[t]), 0, Int32(m), 0)
    while top > 0 { top -= 1; let p = S[top]; let k = Int(p.0), lo = Int(p.1), hi = Int(p.2)
      let src = p.3 == 0 ? A : B, dst = p.3 == 0 ? B : A
      let n = nd[k]
      if n.code < 0 { for i in lo..<hi { o[t * m + Int(src[i])] = n.next }; continue }
      let col = x + Int(n.code) * m, thr = n.threshold
      var l = lo, rr = hi - 1
      if kind == 0 {
        for i in lo..<hi { let r = src[i]; let left = col[Int(r)] <= thr
          dst[l] = r; dst[rr] = r; l &+= left ? 1 : 0; rr &-= left ? 0 : 1 }
      } else if kind == 1 {
        // mask arithmetic from SIMD compare
        for i in lo..<hi { let r = src[i]
          let mk = SIMD2<Double>(col[Int(r)], 0) .<= SIMD2<Double>(thr, 0)
          let b = Int(truncatingIfNeeded: unsafeBitCast(mk, to: SIMD2<Int64>.self)[0]) // -1 or 0
          dst[l] = r; dst[rr] = r; l &-= b; rr &-= 1 &+ b }
      } else {
        // single write at a computed index
        for i in lo..<hi { let r = src[i]; let left = col[Int(r)] <= thr
          let b = Int(unsafeBitCast(left, to: UInt8.self))
          let pos = rr &+ (l &- rr) &* b
          dst[pos] = r; l &+= b; rr &-= 1 &- b }
      }
      let w = p.3 ^ 1
      if l < hi { S[top] = (n.next, Int32(l), Int32(hi), w); top += 1 }
      if l > lo { S[top] = (Int32(k + 1), Int32(lo), Int32(l), w); top += 1 }
    }
  }
}
func cpu() -> Double { var u = rusage(); getrusage(RUSAGE_SELF.rawValue, &u); return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6 }
var ref = [Int32](repeating: 0, count: m * treesN)
xcol.withUnsafeBufferPointer { xp in nodes.withUnsafeBufferPointer { np in ref.withUnsafeMutableBufferPointer { oneWalk(xp.baseAddress!, np.baseAddress!, $0.baseAddress!) } } }
for rep in 0..<3 {
  let t0 = cpu()
  xcol.withUnsafeBufferPointer { xp in nodes.withUnsafeBufferPointer { np in out.withUnsafeMutableBufferPointer { o in
    for _ in 0..<5 { if variant == "one" { oneWalk(xp.baseAddress!, np.baseAddress!, o.baseAddress!) } else { part(xp.baseAddress!, np.baseAddress!, o.baseAddress!, Int(variant)!) } } } } }
  let ns = (cpu() - t0) / Double(5 * m * treesN) * 1e9
  print(variant, "leaves", leavesPerTree, "m", m, String(format: "%.1f ns/walk", ns), out == ref ? "same" : "DIFFERENT")
}
