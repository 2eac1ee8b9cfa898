;; C = op(A) . op(B) for small float32 matrices: c[i][j] = sum over p of A(i, p) * B(p, j), with
;; A(i, p) = a[i * aRow + p * aStep] and B(p, j) = b[p * bStep + j * bCol] (strides in elements, so that either
;; operand may be transposed), each sum taken in double precision and rounded to float32 once. C is [m, n],
;; row-major. A plain loop: for products of a few thousand multiply-adds, whose cost in tfjs-wasm is its call
;; overhead, and which compiled WebAssembly runs fast from the first call. Pointers are byte offsets into
;; tfjs-backend-wasm's memory.
(module
  (import "env" "memory" (memory 0))
  (func (export "smallMatMul") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
      (param $aRow i32) (param $aStep i32) (param $bStep i32) (param $bCol i32)
    (local $i i32) (local $j i32) (local $p i32) (local $ai i32) (local $bj i32) (local $rowA i32) (local $sum f64)
    ;; strides in bytes
    (local.set $aRow (i32.shl (local.get $aRow) (i32.const 2)))
    (local.set $aStep (i32.shl (local.get $aStep) (i32.const 2)))
    (local.set $bStep (i32.shl (local.get $bStep) (i32.const 2)))
    (local.set $bCol (i32.shl (local.get $bCol) (i32.const 2)))
    (local.set $rowA (local.get $a))
    (local.set $i (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $j (i32.const 0))
      (local.set $bj (local.get $b))
      (block $colsDone (loop $cols
        (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $sum (f64.const 0))
        (local.set $ai (local.get $rowA))
        (local.set $p (i32.const 0))
        (block $sumDone (loop $terms
          (br_if $sumDone (i32.ge_u (local.get $p) (local.get $k)))
          (local.set $sum (f64.add (local.get $sum)
            (f64.mul (f64.promote_f32 (f32.load (local.get $ai)))
                     (f64.promote_f32 (f32.load (i32.add (local.get $bj) (i32.mul (local.get $p) (local.get $bStep))))))))
          (local.set $ai (i32.add (local.get $ai) (local.get $aStep)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $terms)))
        (f32.store (local.get $c) (f32.demote_f64 (local.get $sum)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (local.set $bj (i32.add (local.get $bj) (local.get $bCol)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $cols)))
      (local.set $rowA (i32.add (local.get $rowA) (local.get $aRow)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $rows)))
  )
)
