;; Dropout's two loops: drawing a keep mask, and multiplying by it.
;;
;; aleaKeepMask: dropout keep masks from seedrandom's alea generator (the one tf.randomUniform seeds with a number):
;; out[i] = kept when float32(u_i) >= threshold, else 0, for the generator's next n draws u_i in [0, 1).
;;
;; alea's state is three fractions s0, s1, s2 in [0, 1), each a multiple of 2^-32, and an integer carry c; a
;; draw is t = 2091639 s0 + c 2^-32, c = floor(t), s0 = s1, s1 = s2, s2 = t - c, and returns s2. With the
;; fractions passed as the 32-bit integers S = s 2^32 (unsigned) that is exactly X = 2091639 S0 + c (below
;; 2^53), c = X >> 32, S2 = X mod 2^32, u = S2 2^-32: the same numbers as the double arithmetic of
;; seedrandom/lib/alea.js, with a carry chain of one add and one shift per draw instead of a multiply, an add
;; and two conversions between doubles and integers. Pointers are byte offsets into tfjs-backend-wasm's memory.
(module
  (import "env" "memory" (memory 0))
  (func (export "aleaKeepMask") (param $out i32) (param $n i32) (param $s0 i32) (param $s1 i32) (param $s2 i32)
      (param $c i32) (param $threshold f32) (param $kept f32)
    (local $a i64) (local $b i64) (local $d i64) (local $carry i64) (local $x i64) (local $end i32) (local $u f32)
    (local.set $a (i64.extend_i32_u (local.get $s0)))
    (local.set $b (i64.extend_i32_u (local.get $s1)))
    (local.set $d (i64.extend_i32_u (local.get $s2)))
    (local.set $carry (i64.extend_i32_u (local.get $c)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $draws
      (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
      (local.set $x (i64.add (i64.mul (local.get $a) (i64.const 2091639)) (local.get $carry)))
      (local.set $a (local.get $b))
      (local.set $b (local.get $d))
      (local.set $carry (i64.shr_u (local.get $x) (i64.const 32)))
      (local.set $d (i64.and (local.get $x) (i64.const 0xffffffff)))
      ;; u = float32(S2 2^-32) (Math.fround of the exact double): S2 rounded to float32, then scaled by 2^-32,
      ;; which is exact; the signed conversion is the cheaper one and S2 < 2^32
      (local.set $u (f32.mul (f32.convert_i64_s (local.get $d)) (f32.const 0x1p-32)))
      ;; kept times 1 or 0 rather than a select, which V8 compiles to a branch: with random draws it mispredicts
      ;; about one time in three (3,584 values ~19 us instead of ~5.5)
      (f32.store (local.get $out)
        (f32.mul (local.get $kept) (f32.convert_i32_u (f32.ge (local.get $u) (local.get $threshold)))))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (br $draws)))
  )

  ;; maskProduct: out[i] = x[i] * mask[i] over n float32 values (dropout's forward pass, and its backward pass
  ;; with dy for x), four per SIMD step, then one by one.
  (func (export "maskProduct") (param $x i32) (param $mask i32) (param $out i32) (param $n i32)
    (local $o i32) (local $end4 i32) (local $end i32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $quadsDone (loop $quads
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $end4)))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.mul (v128.load (i32.add (local.get $x) (local.get $o))) (v128.load (i32.add (local.get $mask) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quads)))
    (block $singlesDone (loop $singles
      (br_if $singlesDone (i32.ge_u (local.get $o) (local.get $end)))
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.mul (f32.load (i32.add (local.get $x) (local.get $o))) (f32.load (i32.add (local.get $mask) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $singles)))
  )
)
