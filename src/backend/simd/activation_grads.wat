;; Gradients of element-wise activations over float32 arrays, four values per SIMD step and a scalar loop for
;; the rest; each is the arithmetic of tfjs's own gradient, in float32:
;;   reluGrad:      dy where x > 0, else 0
;;   leakyReluGrad: dy where x > 0, else dy * alpha
;;   tanhGrad:      (1 - y*y) * dy       (y: the output)
;;   sigmoidGrad:   dy * (y * (1 - y))   (y: the output)
;; Pointers are byte offsets into tfjs-backend-wasm's memory; n is the number of values; alpha is used by
;; leakyReluGrad only.
(module
  (import "env" "memory" (memory 0))

  (func (export "reluGrad") (param $dy i32) (param $saved i32) (param $out i32) (param $n i32) (param $alpha f32)
    (local $o i32) (local $end4 i32) (local $end i32) (local $d v128) (local $s v128) (local $ds f32) (local $ss f32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $d (v128.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $s (v128.load (i32.add (local.get $saved) (local.get $o))))
      (v128.store (i32.add (local.get $out) (local.get $o)) (v128.and (local.get $d) (f32x4.gt (local.get $s) (f32x4.splat (f32.const 0)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quads)))
    (block $done (loop $singles
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $ds (f32.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $ss (f32.load (i32.add (local.get $saved) (local.get $o))))
      (f32.store (i32.add (local.get $out) (local.get $o)) (select (local.get $ds) (f32.const 0) (f32.gt (local.get $ss) (f32.const 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $singles))))

  (func (export "leakyReluGrad") (param $dy i32) (param $saved i32) (param $out i32) (param $n i32) (param $alpha f32)
    (local $o i32) (local $end4 i32) (local $end i32) (local $d v128) (local $s v128) (local $ds f32) (local $ss f32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $d (v128.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $s (v128.load (i32.add (local.get $saved) (local.get $o))))
      (v128.store (i32.add (local.get $out) (local.get $o)) (v128.bitselect (local.get $d) (f32x4.mul (local.get $d) (f32x4.splat (local.get $alpha))) (f32x4.gt (local.get $s) (f32x4.splat (f32.const 0)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quads)))
    (block $done (loop $singles
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $ds (f32.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $ss (f32.load (i32.add (local.get $saved) (local.get $o))))
      (f32.store (i32.add (local.get $out) (local.get $o)) (select (local.get $ds) (f32.mul (local.get $ds) (local.get $alpha)) (f32.gt (local.get $ss) (f32.const 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $singles))))

  (func (export "tanhGrad") (param $dy i32) (param $saved i32) (param $out i32) (param $n i32) (param $alpha f32)
    (local $o i32) (local $end4 i32) (local $end i32) (local $d v128) (local $s v128) (local $ds f32) (local $ss f32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $d (v128.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $s (v128.load (i32.add (local.get $saved) (local.get $o))))
      (v128.store (i32.add (local.get $out) (local.get $o)) (f32x4.mul (f32x4.sub (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $s) (local.get $s))) (local.get $d)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quads)))
    (block $done (loop $singles
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $ds (f32.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $ss (f32.load (i32.add (local.get $saved) (local.get $o))))
      (f32.store (i32.add (local.get $out) (local.get $o)) (f32.mul (f32.sub (f32.const 1) (f32.mul (local.get $ss) (local.get $ss))) (local.get $ds)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $singles))))

  (func (export "sigmoidGrad") (param $dy i32) (param $saved i32) (param $out i32) (param $n i32) (param $alpha f32)
    (local $o i32) (local $end4 i32) (local $end i32) (local $d v128) (local $s v128) (local $ds f32) (local $ss f32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $d (v128.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $s (v128.load (i32.add (local.get $saved) (local.get $o))))
      (v128.store (i32.add (local.get $out) (local.get $o)) (f32x4.mul (local.get $d) (f32x4.mul (local.get $s) (f32x4.sub (f32x4.splat (f32.const 1)) (local.get $s)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quads)))
    (block $done (loop $singles
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $ds (f32.load (i32.add (local.get $dy) (local.get $o))))
      (local.set $ss (f32.load (i32.add (local.get $saved) (local.get $o))))
      (f32.store (i32.add (local.get $out) (local.get $o)) (f32.mul (local.get $ds) (f32.mul (local.get $ss) (f32.sub (f32.const 1) (local.get $ss)))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $singles))))
)
