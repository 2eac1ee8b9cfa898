;; Batch normalisation of float32 (N, C) data in training mode, forward and backward, four channels per SIMD
;; step and a scalar loop for the last C mod 4 channels. Pointers are byte offsets into tfjs-backend-wasm's
;; memory; a weight pointer of 0 means no affine map. See src/nn/functional/batch_norm_training.ts for the
;; formulas (the same as its tensor-op form, up to float32 summation order).
(module
  (import "env" "memory" (memory 0))

  ;; Zeroes c floats at $at.
  (func $zero (param $at i32) (param $c i32)
    (memory.fill (local.get $at) (i32.const 0) (i32.shl (local.get $c) (i32.const 2))))

  ;; acc[j] += x[r, j] over all rows (or, with $centre, += (x[r, j] - centre[j])^2), then acc[j] /= n.
  (func $columnMeans (param $x i32) (param $centre i32) (param $acc i32) (param $n i32) (param $c i32)
    (local $r i32) (local $o i32) (local $row i32) (local $quads i32) (local $end i32) (local $v v128) (local $s f32)
    (local.set $quads (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $c) (i32.const 2)))
    (call $zero (local.get $acc) (local.get $c))
    (local.set $r (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $row (i32.add (local.get $x) (i32.mul (local.get $r) (local.get $end))))
      (local.set $o (i32.const 0))
      (block $quadsDone (loop $quad
        (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
        (local.set $v (v128.load (i32.add (local.get $row) (local.get $o))))
        (if (local.get $centre) (then
          (local.set $v (f32x4.sub (local.get $v) (v128.load (i32.add (local.get $centre) (local.get $o)))))
          (local.set $v (f32x4.mul (local.get $v) (local.get $v)))))
        (v128.store (i32.add (local.get $acc) (local.get $o)) (f32x4.add (v128.load (i32.add (local.get $acc) (local.get $o))) (local.get $v)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $quad)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $s (f32.load (i32.add (local.get $row) (local.get $o))))
        (if (local.get $centre) (then
          (local.set $s (f32.sub (local.get $s) (f32.load (i32.add (local.get $centre) (local.get $o)))))
          (local.set $s (f32.mul (local.get $s) (local.get $s)))))
        (f32.store (i32.add (local.get $acc) (local.get $o)) (f32.add (f32.load (i32.add (local.get $acc) (local.get $o))) (local.get $s)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))
    (local.set $o (i32.const 0))
    (block $divDone (loop $div
      (br_if $divDone (i32.ge_u (local.get $o) (local.get $end)))
      (f32.store (i32.add (local.get $acc) (local.get $o))
        (f32.div (f32.load (i32.add (local.get $acc) (local.get $o))) (f32.convert_i32_u (local.get $n))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $div))))

  ;; mean, var (biased), invStd = 1/sqrt(var + eps), xHat = (x - mean)*invStd, y = xHat*w + b (or xHat).
  (func (export "batchNormForward")
    (param $x i32) (param $w i32) (param $b i32) (param $y i32) (param $xHat i32)
    (param $mean i32) (param $var i32) (param $invStd i32) (param $n i32) (param $c i32) (param $eps f32)
    (local $r i32) (local $o i32) (local $at i32) (local $quads i32) (local $end i32) (local $h v128) (local $hs f32)
    (local.set $quads (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $c) (i32.const 2)))
    (call $columnMeans (local.get $x) (i32.const 0) (local.get $mean) (local.get $n) (local.get $c))
    (call $columnMeans (local.get $x) (local.get $mean) (local.get $var) (local.get $n) (local.get $c))
    (local.set $o (i32.const 0))
    (block $invDone (loop $inv
      (br_if $invDone (i32.ge_u (local.get $o) (local.get $end)))
      (f32.store (i32.add (local.get $invStd) (local.get $o))
        (f32.div (f32.const 1) (f32.sqrt (f32.add (f32.load (i32.add (local.get $var) (local.get $o))) (local.get $eps)))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $inv)))
    (local.set $r (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $at (i32.mul (local.get $r) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $quadsDone (loop $quad
        (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
        (local.set $h (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $x) (i32.add (local.get $at) (local.get $o)))) (v128.load (i32.add (local.get $mean) (local.get $o))))
          (v128.load (i32.add (local.get $invStd) (local.get $o)))))
        (v128.store (i32.add (local.get $xHat) (i32.add (local.get $at) (local.get $o))) (local.get $h))
        (if (local.get $w) (then
          (local.set $h (f32x4.add (f32x4.mul (local.get $h) (v128.load (i32.add (local.get $w) (local.get $o))))
            (v128.load (i32.add (local.get $b) (local.get $o)))))))
        (v128.store (i32.add (local.get $y) (i32.add (local.get $at) (local.get $o))) (local.get $h))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $quad)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $hs (f32.mul
          (f32.sub (f32.load (i32.add (local.get $x) (i32.add (local.get $at) (local.get $o)))) (f32.load (i32.add (local.get $mean) (local.get $o))))
          (f32.load (i32.add (local.get $invStd) (local.get $o)))))
        (f32.store (i32.add (local.get $xHat) (i32.add (local.get $at) (local.get $o))) (local.get $hs))
        (if (local.get $w) (then
          (local.set $hs (f32.add (f32.mul (local.get $hs) (f32.load (i32.add (local.get $w) (local.get $o))))
            (f32.load (i32.add (local.get $b) (local.get $o)))))))
        (f32.store (i32.add (local.get $y) (i32.add (local.get $at) (local.get $o))) (local.get $hs))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

  ;; dBias = sum dy, dWeight = sum dy*xHat, dx = (dy - (xHat*dWeight/n + dBias/n))*invStd*w (w = 1 when 0).
  (func (export "batchNormBackward")
    (param $dy i32) (param $xHat i32) (param $invStd i32) (param $w i32) (param $dx i32) (param $dw i32) (param $db i32)
    (param $n i32) (param $c i32)
    (local $r i32) (local $o i32) (local $at i32) (local $quads i32) (local $end i32) (local $nf f32)
    (local $g v128) (local $scale v128) (local $gs f32) (local $scales f32)
    (local.set $quads (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $c) (i32.const 2)))
    (local.set $nf (f32.convert_i32_u (local.get $n)))
    (call $zero (local.get $dw) (local.get $c))
    (call $zero (local.get $db) (local.get $c))
    (local.set $r (i32.const 0))
    (block $sumsDone (loop $sums
      (br_if $sumsDone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $at (i32.mul (local.get $r) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $quadsDone (loop $quad
        (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
        (local.set $g (v128.load (i32.add (local.get $dy) (i32.add (local.get $at) (local.get $o)))))
        (v128.store (i32.add (local.get $db) (local.get $o)) (f32x4.add (v128.load (i32.add (local.get $db) (local.get $o))) (local.get $g)))
        (v128.store (i32.add (local.get $dw) (local.get $o)) (f32x4.add (v128.load (i32.add (local.get $dw) (local.get $o)))
          (f32x4.mul (local.get $g) (v128.load (i32.add (local.get $xHat) (i32.add (local.get $at) (local.get $o)))))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $quad)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $dy) (i32.add (local.get $at) (local.get $o)))))
        (f32.store (i32.add (local.get $db) (local.get $o)) (f32.add (f32.load (i32.add (local.get $db) (local.get $o))) (local.get $gs)))
        (f32.store (i32.add (local.get $dw) (local.get $o)) (f32.add (f32.load (i32.add (local.get $dw) (local.get $o)))
          (f32.mul (local.get $gs) (f32.load (i32.add (local.get $xHat) (i32.add (local.get $at) (local.get $o)))))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $sums)))
    (local.set $r (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $n)))
      (local.set $at (i32.mul (local.get $r) (local.get $end)))
      (local.set $o (i32.const 0))
      (block $quadsDone (loop $quad
        (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
        (local.set $scale (v128.load (i32.add (local.get $invStd) (local.get $o))))
        (if (local.get $w) (then (local.set $scale (f32x4.mul (local.get $scale) (v128.load (i32.add (local.get $w) (local.get $o)))))))
        (v128.store (i32.add (local.get $dx) (i32.add (local.get $at) (local.get $o)))
          (f32x4.mul
            (f32x4.sub (v128.load (i32.add (local.get $dy) (i32.add (local.get $at) (local.get $o))))
              (f32x4.add
                (f32x4.mul (v128.load (i32.add (local.get $xHat) (i32.add (local.get $at) (local.get $o))))
                  (f32x4.div (v128.load (i32.add (local.get $dw) (local.get $o))) (f32x4.splat (local.get $nf))))
                (f32x4.div (v128.load (i32.add (local.get $db) (local.get $o))) (f32x4.splat (local.get $nf)))))
            (local.get $scale)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $quad)))
      (block $tailDone (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $scales (f32.load (i32.add (local.get $invStd) (local.get $o))))
        (if (local.get $w) (then (local.set $scales (f32.mul (local.get $scales) (f32.load (i32.add (local.get $w) (local.get $o)))))))
        (f32.store (i32.add (local.get $dx) (i32.add (local.get $at) (local.get $o)))
          (f32.mul
            (f32.sub (f32.load (i32.add (local.get $dy) (i32.add (local.get $at) (local.get $o))))
              (f32.add
                (f32.mul (f32.load (i32.add (local.get $xHat) (i32.add (local.get $at) (local.get $o))))
                  (f32.div (f32.load (i32.add (local.get $dw) (local.get $o))) (local.get $nf)))
                (f32.div (f32.load (i32.add (local.get $db) (local.get $o))) (local.get $nf))))
            (local.get $scales)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows)))))
