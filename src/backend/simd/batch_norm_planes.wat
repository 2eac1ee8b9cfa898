;; Batch normalisation in training mode of float32 (N, C, P) data - images (N, C, H, W) with P = H*W, sequences
;; (N, C, L) - forward and backward. Channel j's values are the N planes of P floats at ((i*C + j)*P); each plane is
;; read four floats per SIMD step, with a scalar loop for its last P mod 4 values. A plane's partial sums are
;; float32, and their total over the N planes float64. Pointers are byte offsets into tfjs-backend-wasm's memory;
;; a weight pointer of 0 means no affine map. The formulas are batch_norm_training.ts's (as batch_norm.wat's).
(module
  (import "env" "memory" (memory 0))

  (func $lanes (param $v v128) (result f32)
    (f32.add (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Sum of the p floats at $at; with $squares, the sum of their squared deviations from $centre instead.
  (func $planeSum (param $at i32) (param $p i32) (param $squares i32) (param $centre f32) (result f32)
    (local $o i32) (local $quads i32) (local $end i32) (local $acc v128) (local $c v128) (local $v v128) (local $s f32) (local $t f32)
    (local.set $quads (i32.shl (i32.and (local.get $p) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $p) (i32.const 2)))
    (local.set $c (f32x4.splat (local.get $centre)))
    (block $quadsDone (loop $quad
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
      (local.set $v (v128.load (i32.add (local.get $at) (local.get $o))))
      (if (local.get $squares) (then
        (local.set $v (f32x4.sub (local.get $v) (local.get $c)))
        (local.set $v (f32x4.mul (local.get $v) (local.get $v)))))
      (local.set $acc (f32x4.add (local.get $acc) (local.get $v)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quad)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $t (f32.load (i32.add (local.get $at) (local.get $o))))
      (if (local.get $squares) (then
        (local.set $t (f32.sub (local.get $t) (local.get $centre)))
        (local.set $t (f32.mul (local.get $t) (local.get $t)))))
      (local.set $s (f32.add (local.get $s) (local.get $t)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail)))
    (f32.add (call $lanes (local.get $acc)) (local.get $s)))

  ;; Sum of a[k]*b[k] over the p floats of two planes.
  (func $planeDot (param $a i32) (param $b i32) (param $p i32) (result f32)
    (local $o i32) (local $quads i32) (local $end i32) (local $acc v128) (local $s f32)
    (local.set $quads (i32.shl (i32.and (local.get $p) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $p) (i32.const 2)))
    (block $quadsDone (loop $quad
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
      (local.set $acc (f32x4.add (local.get $acc)
        (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $o))) (v128.load (i32.add (local.get $b) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quad)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $s (f32.add (local.get $s)
        (f32.mul (f32.load (i32.add (local.get $a) (local.get $o))) (f32.load (i32.add (local.get $b) (local.get $o))))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail)))
    (f32.add (call $lanes (local.get $acc)) (local.get $s)))

  ;; out[k] = (in[k] - sub) * mul for the p floats of a plane; with $out2, also out2[k] = out[k] * mul2 + add2.
  (func $planeAffine (param $in i32) (param $out i32) (param $out2 i32) (param $p i32)
    (param $sub f32) (param $mul f32) (param $mul2 f32) (param $add2 f32)
    (local $o i32) (local $quads i32) (local $end i32) (local $h v128) (local $hs f32)
    (local.set $quads (i32.shl (i32.and (local.get $p) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $p) (i32.const 2)))
    (block $quadsDone (loop $quad
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
      (local.set $h (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $in) (local.get $o))) (f32x4.splat (local.get $sub)))
        (f32x4.splat (local.get $mul))))
      (v128.store (i32.add (local.get $out) (local.get $o)) (local.get $h))
      (if (local.get $out2) (then
        (v128.store (i32.add (local.get $out2) (local.get $o))
          (f32x4.add (f32x4.mul (local.get $h) (f32x4.splat (local.get $mul2))) (f32x4.splat (local.get $add2))))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quad)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $hs (f32.mul (f32.sub (f32.load (i32.add (local.get $in) (local.get $o))) (local.get $sub)) (local.get $mul)))
      (f32.store (i32.add (local.get $out) (local.get $o)) (local.get $hs))
      (if (local.get $out2) (then
        (f32.store (i32.add (local.get $out2) (local.get $o)) (f32.add (f32.mul (local.get $hs) (local.get $mul2)) (local.get $add2)))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail))))

  ;; dx[k] = (dy[k] - (xHat[k]*a + c)) * s for the p floats of a plane.
  (func $planeGradient (param $dy i32) (param $xHat i32) (param $dx i32) (param $p i32) (param $a f32) (param $c f32) (param $s f32)
    (local $o i32) (local $quads i32) (local $end i32)
    (local.set $quads (i32.shl (i32.and (local.get $p) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $p) (i32.const 2)))
    (block $quadsDone (loop $quad
      (br_if $quadsDone (i32.ge_u (local.get $o) (local.get $quads)))
      (v128.store (i32.add (local.get $dx) (local.get $o))
        (f32x4.mul
          (f32x4.sub (v128.load (i32.add (local.get $dy) (local.get $o)))
            (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $xHat) (local.get $o))) (f32x4.splat (local.get $a))) (f32x4.splat (local.get $c))))
          (f32x4.splat (local.get $s))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quad)))
    (block $tailDone (loop $tail
      (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
      (f32.store (i32.add (local.get $dx) (local.get $o))
        (f32.mul
          (f32.sub (f32.load (i32.add (local.get $dy) (local.get $o)))
            (f32.add (f32.mul (f32.load (i32.add (local.get $xHat) (local.get $o))) (local.get $a)) (local.get $c)))
          (local.get $s)))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tail))))

  ;; Per channel: mean, biased variance, invStd = 1/sqrt(var + eps); xHat = (x - mean)*invStd; y = xHat*w + b
  ;; (y = xHat without weights).
  (func (export "batchNormPlanesForward")
    (param $x i32) (param $w i32) (param $b i32) (param $y i32) (param $xHat i32)
    (param $mean i32) (param $var i32) (param $invStd i32) (param $n i32) (param $c i32) (param $p i32) (param $eps f32)
    (local $j i32) (local $i i32) (local $plane i32) (local $stride i32) (local $at i32) (local $total f64) (local $count f64)
    (local $m f32) (local $v f32) (local $inv f32) (local $wj f32) (local $bj f32)
    (local.set $plane (i32.shl (local.get $p) (i32.const 2)))
    (local.set $stride (i32.mul (local.get $plane) (local.get $c)))
    (local.set $count (f64.convert_i32_u (i32.mul (local.get $n) (local.get $p))))
    (block $channelsDone (loop $channels
      (br_if $channelsDone (i32.ge_u (local.get $j) (local.get $c)))
      (local.set $total (f64.const 0))
      (local.set $i (i32.const 0))
      (block $sumDone (loop $sum
        (br_if $sumDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $x) (i32.add (i32.mul (local.get $i) (local.get $stride)) (i32.mul (local.get $j) (local.get $plane)))))
        (local.set $total (f64.add (local.get $total) (f64.promote_f32 (call $planeSum (local.get $at) (local.get $p) (i32.const 0) (f32.const 0)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sum)))
      (local.set $m (f32.demote_f64 (f64.div (local.get $total) (local.get $count))))
      (local.set $total (f64.const 0))
      (local.set $i (i32.const 0))
      (block $squaresDone (loop $squares
        (br_if $squaresDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $x) (i32.add (i32.mul (local.get $i) (local.get $stride)) (i32.mul (local.get $j) (local.get $plane)))))
        (local.set $total (f64.add (local.get $total) (f64.promote_f32 (call $planeSum (local.get $at) (local.get $p) (i32.const 1) (local.get $m)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $squares)))
      (local.set $v (f32.demote_f64 (f64.div (local.get $total) (local.get $count))))
      (local.set $inv (f32.div (f32.const 1) (f32.sqrt (f32.add (local.get $v) (local.get $eps)))))
      (f32.store (i32.add (local.get $mean) (i32.shl (local.get $j) (i32.const 2))) (local.get $m))
      (f32.store (i32.add (local.get $var) (i32.shl (local.get $j) (i32.const 2))) (local.get $v))
      (f32.store (i32.add (local.get $invStd) (i32.shl (local.get $j) (i32.const 2))) (local.get $inv))
      (local.set $wj (f32.const 1))
      (local.set $bj (f32.const 0))
      (if (local.get $w) (then
        (local.set $wj (f32.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $bj (f32.load (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2)))))))
      (local.set $i (i32.const 0))
      (block $normDone (loop $norm
        (br_if $normDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (i32.mul (local.get $i) (local.get $stride)) (i32.mul (local.get $j) (local.get $plane))))
        (call $planeAffine (i32.add (local.get $x) (local.get $at)) (i32.add (local.get $xHat) (local.get $at)) (i32.add (local.get $y) (local.get $at))
          (local.get $p) (local.get $m) (local.get $inv) (local.get $wj) (local.get $bj))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $norm)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $channels))))

  ;; Per channel: dBias = sum dy, dWeight = sum dy*xHat, dx = (dy - (xHat*dWeight/m + dBias/m))*invStd*w
  ;; (w = 1 without weights), m = N*P.
  (func (export "batchNormPlanesBackward")
    (param $dy i32) (param $xHat i32) (param $invStd i32) (param $w i32) (param $dx i32) (param $dw i32) (param $db i32)
    (param $n i32) (param $c i32) (param $p i32)
    (local $j i32) (local $i i32) (local $plane i32) (local $stride i32) (local $at i32) (local $sumDy f64) (local $sumDot f64)
    (local $count f32) (local $gw f32) (local $gb f32) (local $scale f32)
    (local.set $plane (i32.shl (local.get $p) (i32.const 2)))
    (local.set $stride (i32.mul (local.get $plane) (local.get $c)))
    (local.set $count (f32.convert_i32_u (i32.mul (local.get $n) (local.get $p))))
    (block $channelsDone (loop $channels
      (br_if $channelsDone (i32.ge_u (local.get $j) (local.get $c)))
      (local.set $sumDy (f64.const 0))
      (local.set $sumDot (f64.const 0))
      (local.set $i (i32.const 0))
      (block $sumsDone (loop $sums
        (br_if $sumsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (i32.mul (local.get $i) (local.get $stride)) (i32.mul (local.get $j) (local.get $plane))))
        (local.set $sumDy (f64.add (local.get $sumDy)
          (f64.promote_f32 (call $planeSum (i32.add (local.get $dy) (local.get $at)) (local.get $p) (i32.const 0) (f32.const 0)))))
        (local.set $sumDot (f64.add (local.get $sumDot)
          (f64.promote_f32 (call $planeDot (i32.add (local.get $dy) (local.get $at)) (i32.add (local.get $xHat) (local.get $at)) (local.get $p)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $sums)))
      (local.set $gb (f32.demote_f64 (local.get $sumDy)))
      (local.set $gw (f32.demote_f64 (local.get $sumDot)))
      (f32.store (i32.add (local.get $db) (i32.shl (local.get $j) (i32.const 2))) (local.get $gb))
      (f32.store (i32.add (local.get $dw) (i32.shl (local.get $j) (i32.const 2))) (local.get $gw))
      (local.set $scale (f32.load (i32.add (local.get $invStd) (i32.shl (local.get $j) (i32.const 2)))))
      (if (local.get $w) (then
        (local.set $scale (f32.mul (local.get $scale) (f32.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2))))))))
      (local.set $i (i32.const 0))
      (block $gradDone (loop $grad
        (br_if $gradDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (i32.mul (local.get $i) (local.get $stride)) (i32.mul (local.get $j) (local.get $plane))))
        (call $planeGradient (i32.add (local.get $dy) (local.get $at)) (i32.add (local.get $xHat) (local.get $at)) (i32.add (local.get $dx) (local.get $at))
          (local.get $p) (f32.div (local.get $gw) (local.get $count)) (f32.div (local.get $gb) (local.get $count)) (local.get $scale))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $grad)))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $channels)))))
