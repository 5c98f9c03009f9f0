// Block-walk kernel probe (branch score2): 512 rows (12 features, uniform) down each of 400 random preorder trees,
// one thread, CPU ns per (row, tree) walk, for four kernels: the one walk per row, all rows level by level, level by
// level with integer-mask steps, and the one walk with the child picked by an indexed load. Leaves checked equal.
// Branch walk added the partition walk (node by node, the block's row indices partitioned at each split, x read
// column-major) in three forms: the decision as a select (`partSelect`, compiled to branches), as a SIMD mask
// (`partMask`), and as a number 0/1 choosing the write position (`partPos`, the kernel of
// Sources/Learn/Tree/PartitionWalk.swift). Optional second argument: block rows (default 512).
// Not part of the package. Run: swiftc -O block_walk_micro.swift -o /tmp/bwm && /tmp/bwm 75 && /tmp/bwm 31 2048
import Foundation
struct Node { var threshold: Double; var code: Int32; var next: Int32 }
struct RNG { var s: UInt64; mutating func next() -> UInt64 { s ^= s << 13; s ^= s >> 7; s ^= s << 17; return s }
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) } }
let d = 12, treesN = 400, leavesPerTree = Int(CommandLine.arguments[1])!
let m = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 512
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
let x: [Double] = (0..<(m * d)).map { _ in rng.uniform() }
var out = [Int32](repeating: 0, count: m * treesN)
var buf = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
@inline(never) func perRow(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) {
  for t in 0..<treesN { let root = roots[t]
    for r in 0..<m { let row = xp + r * d; var k = root
      while true { let n = nd[k]; if n.code < 0 { o[t * m + r] = n.next; break }
        k = row[Int(n.code)] <= n.threshold ? k &+ 1 : Int(n.next) } } }
}
@inline(never) func level(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) {
  for t in 0..<treesN { let s = o + t * m; let root = Int32(roots[t])
    for r in 0..<m { s[r] = root }
    var moving = true
    while moving { var any = false
      for r in 0..<m { let k = Int(s[r]); var n = nd[k]; let split = n.code >= 0; n.code = split ? n.code : 0
        let nx = xp[r * d + Int(n.code)] <= n.threshold ? k &+ 1 : Int(n.next)
        s[r] = Int32(truncatingIfNeeded: split ? nx : k); any = any || split }
      moving = any }
    for r in 0..<m { s[r] = nd[Int(s[r])].next } }
}
// Branch-free level walk: the step is arithmetic on a 0/1 integer from the comparison.
@inline(never) func levelMask(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) {
  for t in 0..<treesN { let s = o + t * m; let root = Int32(roots[t])
    for r in 0..<m { s[r] = root }
    var moving = true
    while moving { var any: Int32 = 0
      for r in 0..<m { let k = s[r]; let n = nd[Int(k)]
        let split = ~(n.code >> 31)           // -1 at a split, 0 at a leaf
        let f = Int(n.code & split)
        let goRight = Int32(truncatingIfNeeded: unsafeBitCast(!(xp[r * d + f] <= n.threshold), to: UInt8.self))
        let mask = (0 &- goRight) // -1 right
        let nx = ((k &+ 1) & ~mask) | (n.next & mask)
        s[r] = (nx & split) | (k & ~split); any |= split }
      moving = any != 0 }
    for r in 0..<m { s[r] = nd[Int(s[r])].next } }
}
@inline(never) func perRowMem(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) {
  let b = buf
  for t in 0..<treesN { let root = roots[t]
    for r in 0..<m { let row = xp + r * d; var k = root
      while true { let n = nd[k]; if n.code < 0 { o[t * m + r] = n.next; break }
        b[0] = Int32(truncatingIfNeeded: k &+ 1); b[1] = n.next
        k = Int(b[Int(unsafeBitCast(!(row[Int(n.code)] <= n.threshold), to: UInt8.self))]) } } }
}
// The partition walk; `kind` 0 = select, 1 = SIMD mask, 2 = write position from the 0/1 decision.
let xc: [Double] = (0..<(m * d)).map { x[($0 % m) * d + $0 / m] }
let bufA = UnsafeMutablePointer<Int32>.allocate(capacity: m), bufB = UnsafeMutablePointer<Int32>.allocate(capacity: m)
let stack = UnsafeMutablePointer<(Int32, Int32, Int32, Int32)>.allocate(capacity: 4096)
@inline(__always) func partition(_ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>, _ kind: Int) {
  xc.withUnsafeBufferPointer { xcb in let x = xcb.baseAddress!
  for t in 0..<treesN {
    for r in 0..<m { bufA[r] = Int32(r) }
    var top = 1; stack[0] = (Int32(roots[t]), 0, Int32(m), 0)
    while top > 0 { top -= 1; let p = stack[top]; let k = Int(p.0), lo = Int(p.1), hi = Int(p.2)
      let src = p.3 == 0 ? bufA : bufB, dst = p.3 == 0 ? bufB : bufA
      let n = nd[k]
      if n.code < 0 { for i in lo..<hi { o[t * m + Int(src[i])] = n.next }; continue }
      let col = x + Int(n.code) * m, thr = n.threshold
      var l = lo, rr = hi - 1
      if kind == 0 {
        for i in lo..<hi { let r = src[i]; let left = col[Int(r)] <= thr
          dst[l] = r; dst[rr] = r; l &+= left ? 1 : 0; rr &-= left ? 0 : 1 }
      } else if kind == 1 {
        for i in lo..<hi { let r = src[i]
          let mk = SIMD2<Double>(col[Int(r)], 0) .<= SIMD2<Double>(thr, 0)
          let b = Int(truncatingIfNeeded: unsafeBitCast(mk, to: SIMD2<Int64>.self)[0])  // -1 or 0
          dst[l] = r; dst[rr] = r; l &-= b; rr &-= 1 &+ b }
      } else {
        for i in lo..<hi { let r = src[i]
          let b = Int(unsafeBitCast(col[Int(r)] <= thr, to: UInt8.self))
          dst[rr &+ (l &- rr) &* b] = r; l &+= b; rr &-= 1 &- b }
      }
      if l < hi { stack[top] = (n.next, Int32(l), Int32(hi), p.3 ^ 1); top += 1 }
      if l > lo { stack[top] = (Int32(k + 1), Int32(lo), Int32(l), p.3 ^ 1); top += 1 }
    } } }
}
@inline(never) func partSelect(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) { partition(nd, o, 0) }
@inline(never) func partMask(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) { partition(nd, o, 1) }
@inline(never) func partPos(_ xp: UnsafePointer<Double>, _ nd: UnsafePointer<Node>, _ o: UnsafeMutablePointer<Int32>) { partition(nd, o, 2) }
func time(_ f: () -> Void) -> Double { var a = timespec(), b = timespec(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a); f(); clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b)
  return (Double(b.tv_sec - a.tv_sec) * 1e9 + Double(b.tv_nsec - a.tv_nsec)) / Double(m * treesN) }
var ref = out
x.withUnsafeBufferPointer { xp in nodes.withUnsafeBufferPointer { np in
  for round in 0..<2 {
    var line = "round \(round) ns/walk:"
    for (name, f) in [
      ("perRow", perRow), ("level", level), ("levelMask", levelMask), ("perRowMem", perRowMem),
      ("partSelect", partSelect), ("partMask", partMask), ("partPos", partPos),
    ] {
      let tt = time { out.withUnsafeMutableBufferPointer { f(xp.baseAddress!, np.baseAddress!, $0.baseAddress!) } }
      if name == "perRow" { ref = out } else if out != ref { line += " MISMATCH" }
      line += String(format: " %@ %.1f", name, tt)
    }
    print(line)
  } } }
