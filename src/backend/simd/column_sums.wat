;; Column sums of a float32 [rows, cols] matrix: out[c] = x[0][c] + x[1][c] + ... + x[rows-1][c], added row
;; after row (the first row copied, each next one added), four columns per SIMD step and a scalar loop for the
;; rest. The sums over leading axes that bias and broadcast gradients take. rows >= 1. Pointers are byte offsets
;; into tfjs-backend-wasm's memory.
(module
  (import "env" "memory" (memory 0))
  (func (export "columnSums") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $o i32) (local $row i32) (local $end4 i32) (local $end i32)
    (local.set $end4 (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $cols) (i32.const 2)))
    ;; the first row
    (memory.copy (local.get $out) (local.get $x) (local.get $end))
    (local.set $row (i32.add (local.get $x) (local.get $end)))
    (local.set $r (i32.const 1))
    (block $rowsDone (loop $rowLoop
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $o (i32.const 0))
      (block $quadsDone (loop $quads
        (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.add (v128.load (i32.add (local.get $out) (local.get $o))) (v128.load (i32.add (local.get $row) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $quads)))
      (block $singlesDone (loop $singles
        (br_if $singlesDone (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.add (f32.load (i32.add (local.get $out) (local.get $o))) (f32.load (i32.add (local.get $row) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $singles)))
      (local.set $row (i32.add (local.get $row) (local.get $end)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rowLoop))))
)
