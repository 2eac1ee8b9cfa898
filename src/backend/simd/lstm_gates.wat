;; One LSTM time step's gate arithmetic over float32 arrays (see src/nn/functional/lstm_sequence_host.ts), four
;; values per SIMD step; when hidden is not a multiple of 4, a row's last quad overlaps the one before it (the
;; outputs are not inputs, so values computed twice are the same). hidden must be at least 4.
;;   lstmForwardStep:  z = x + r (N x 4H, gates i f g o); i, f, o = sigmoid, g = tanh;
;;                     c = f * cPrev + i * g; h = o * tanh(c); writes acts (i f g o), c, tanh(c), h and hOut.
;;   lstmBackwardStep: dh = dhIn + dhCarry; dc = dcIn + dh * o * (1 - tanh(c)^2);
;;                     dz = [dc * g * i(1-i), dc * cPrev * f(1-f), dc * i * (1-g^2), dh * tanh(c) * o(1-o)]
;;                     into dz and dzOut; dcOut = dc * f.
;; exp is e^r (|r| <= ln2/2, degree-7 Taylor polynomial) times 2^n, within about 2 ulp; sigmoid(x) is
;; 1 / (1 + e^-x); tanh is an odd Taylor polynomial below |x| = 0.5 and 1 - 2 / (e^2|x| + 1) above, with x's
;; sign: within a few ulp of float32 (tfjs's own kernels differ from the exact values by as much).
;; Pointers are byte offsets into tfjs-backend-wasm's memory; n rows, hidden values per gate.
(module
  (import "env" "memory" (memory 0))

  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    ;; Arguments beyond the clamp would leave 2^n outside the normal floats.
    (local.set $x (f32x4.max (f32x4.min (local.get $x) (f32x4.splat (f32.const 88.0))) (f32x4.splat (f32.const -86.0))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504)))))
    ;; r = x - n ln2, with ln2 split in two so that n * ln2_hi is exact.
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693145752)))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 1.42860677e-6)))))
    (local.set $p (f32x4.splat (f32.const 1.98412698e-4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.38888889e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 8.33333333e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 4.16666667e-2))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.166666667))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.5))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.0))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.0))))
    ;; times 2^n: n added to the exponent bits.
    (i32x4.add (local.get $p) (i32x4.shl (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32.const 23))))

  (func $sigmoid (param $x v128) (result v128)
    (f32x4.div (f32x4.splat (f32.const 1.0))
      (f32x4.add (f32x4.splat (f32.const 1.0)) (call $exp (f32x4.neg (local.get $x))))))

  (func $tanh (param $x v128) (result v128)
    (local $a v128) (local $s v128) (local $q v128) (local $large v128)
    (local.set $a (f32x4.abs (local.get $x)))
    (local.set $s (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $q (f32x4.splat (f32.const -1.45583438e-3)))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (f32x4.splat (f32.const 3.59212803e-3))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (f32x4.splat (f32.const -8.86323552e-3))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (f32x4.splat (f32.const 2.18694885e-2))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (f32x4.splat (f32.const -5.39682540e-2))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (f32x4.splat (f32.const 0.133333333))))
    (local.set $q (f32x4.add (f32x4.mul (local.get $q) (local.get $s)) (f32x4.splat (f32.const -0.333333333))))
    (local.set $q (f32x4.add (local.get $x) (f32x4.mul (local.get $x) (f32x4.mul (local.get $s) (local.get $q)))))
    (local.set $large (f32x4.sub (f32x4.splat (f32.const 1.0))
      (f32x4.div (f32x4.splat (f32.const 2.0))
        (f32x4.add (call $exp (f32x4.add (local.get $a) (local.get $a))) (f32x4.splat (f32.const 1.0))))))
    ;; x's sign on the large form
    (local.set $large (v128.or (local.get $large) (v128.and (local.get $x) (i32x4.splat (i32.const 0x80000000)))))
    (v128.bitselect (local.get $q) (local.get $large) (f32x4.lt (local.get $a) (f32x4.splat (f32.const 0.5)))))

  ;; Byte offset of the quad at byte k of row b: in N x H arrays, and in N x 4H arrays (gate 0).
  (func $stateAt (param $b i32) (param $gate i32) (param $k i32) (result i32)
    (i32.add (i32.mul (local.get $b) (local.get $gate)) (local.get $k)))
  (func $gatesAt (param $b i32) (param $gate i32) (param $k i32) (result i32)
    (i32.add (i32.mul (local.get $b) (i32.shl (local.get $gate) (i32.const 2))) (local.get $k)))

  ;; x + r at gate g of the quad at byte offset o of an N x 4H array.
  (func $z (param $x i32) (param $r i32) (param $o i32) (param $gate i32) (param $g i32) (result v128)
    (local $at i32)
    (local.set $at (i32.add (local.get $o) (i32.mul (local.get $gate) (local.get $g))))
    (f32x4.add (v128.load (i32.add (local.get $x) (local.get $at))) (v128.load (i32.add (local.get $r) (local.get $at)))))

  (func $forwardQuad (param $x i32) (param $r i32) (param $cPrev i32) (param $acts i32) (param $c i32)
    (param $tanhC i32) (param $h i32) (param $hOut i32) (param $s i32) (param $o i32) (param $gate i32)
    (local $i v128) (local $f v128) (local $g v128) (local $og v128) (local $cv v128) (local $tc v128) (local $hv v128)
    (local.set $i (call $sigmoid (call $z (local.get $x) (local.get $r) (local.get $o) (local.get $gate) (i32.const 0))))
    (local.set $f (call $sigmoid (call $z (local.get $x) (local.get $r) (local.get $o) (local.get $gate) (i32.const 1))))
    (local.set $g (call $tanh (call $z (local.get $x) (local.get $r) (local.get $o) (local.get $gate) (i32.const 2))))
    (local.set $og (call $sigmoid (call $z (local.get $x) (local.get $r) (local.get $o) (local.get $gate) (i32.const 3))))
    (local.set $cv (f32x4.add (f32x4.mul (local.get $f) (v128.load (i32.add (local.get $cPrev) (local.get $s))))
      (f32x4.mul (local.get $i) (local.get $g))))
    (local.set $tc (call $tanh (local.get $cv)))
    (local.set $hv (f32x4.mul (local.get $og) (local.get $tc)))
    (v128.store (i32.add (local.get $acts) (local.get $o)) (local.get $i))
    (v128.store (i32.add (local.get $acts) (i32.add (local.get $o) (local.get $gate))) (local.get $f))
    (v128.store (i32.add (local.get $acts) (i32.add (local.get $o) (i32.shl (local.get $gate) (i32.const 1)))) (local.get $g))
    (v128.store (i32.add (local.get $acts) (i32.add (local.get $o) (i32.mul (local.get $gate) (i32.const 3)))) (local.get $og))
    (v128.store (i32.add (local.get $c) (local.get $s)) (local.get $cv))
    (v128.store (i32.add (local.get $tanhC) (local.get $s)) (local.get $tc))
    (v128.store (i32.add (local.get $h) (local.get $s)) (local.get $hv))
    (v128.store (i32.add (local.get $hOut) (local.get $s)) (local.get $hv)))

  (func (export "lstmForwardStep") (param $x i32) (param $r i32) (param $cPrev i32) (param $acts i32) (param $c i32)
    (param $tanhC i32) (param $h i32) (param $hOut i32) (param $n i32) (param $hidden i32)
    (local $b i32) (local $k i32) (local $gate i32) (local $last i32)
    (local.set $gate (i32.shl (local.get $hidden) (i32.const 2)))            ;; bytes per gate (and per state row)
    (local.set $last (i32.sub (local.get $gate) (i32.const 16)))             ;; byte offset of a row's last quad
    (local.set $b (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $k (i32.const 0))
      (block $quadsDone (loop $quads
        (if (i32.gt_u (local.get $k) (local.get $last)) (then (local.set $k (local.get $last))))
        (call $forwardQuad (local.get $x) (local.get $r) (local.get $cPrev) (local.get $acts) (local.get $c) (local.get $tanhC)
          (local.get $h) (local.get $hOut) (call $stateAt (local.get $b) (local.get $gate) (local.get $k))
          (call $gatesAt (local.get $b) (local.get $gate) (local.get $k)) (local.get $gate))
        (br_if $quadsDone (i32.ge_u (local.get $k) (local.get $last)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $quads)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows))))

  (func $backwardQuad (param $dhIn i32) (param $dhCarry i32) (param $dcIn i32) (param $dcOut i32) (param $cPrev i32)
    (param $tanhC i32) (param $acts i32) (param $dz i32) (param $dzOut i32) (param $s i32) (param $o i32) (param $gate i32)
    (local $dh v128) (local $dc v128) (local $tc v128) (local $vi v128) (local $vf v128) (local $vg v128) (local $vo v128)
    (local $zi v128) (local $zf v128) (local $zg v128) (local $zo v128) (local $one v128)
    (local.set $one (f32x4.splat (f32.const 1.0)))
    (local.set $dh (f32x4.add (v128.load (i32.add (local.get $dhIn) (local.get $s))) (v128.load (i32.add (local.get $dhCarry) (local.get $s)))))
    (local.set $tc (v128.load (i32.add (local.get $tanhC) (local.get $s))))
    (local.set $vi (v128.load (i32.add (local.get $acts) (local.get $o))))
    (local.set $vf (v128.load (i32.add (local.get $acts) (i32.add (local.get $o) (local.get $gate)))))
    (local.set $vg (v128.load (i32.add (local.get $acts) (i32.add (local.get $o) (i32.shl (local.get $gate) (i32.const 1))))))
    (local.set $vo (v128.load (i32.add (local.get $acts) (i32.add (local.get $o) (i32.mul (local.get $gate) (i32.const 3))))))
    (local.set $dc (f32x4.add (v128.load (i32.add (local.get $dcIn) (local.get $s)))
      (f32x4.mul (local.get $dh) (f32x4.mul (local.get $vo) (f32x4.sub (local.get $one) (f32x4.mul (local.get $tc) (local.get $tc)))))))
    (local.set $zi (f32x4.mul (local.get $dc) (f32x4.mul (local.get $vg) (f32x4.mul (local.get $vi) (f32x4.sub (local.get $one) (local.get $vi))))))
    (local.set $zf (f32x4.mul (local.get $dc) (f32x4.mul (v128.load (i32.add (local.get $cPrev) (local.get $s)))
      (f32x4.mul (local.get $vf) (f32x4.sub (local.get $one) (local.get $vf))))))
    (local.set $zg (f32x4.mul (local.get $dc) (f32x4.mul (local.get $vi) (f32x4.sub (local.get $one) (f32x4.mul (local.get $vg) (local.get $vg))))))
    (local.set $zo (f32x4.mul (local.get $dh) (f32x4.mul (local.get $tc) (f32x4.mul (local.get $vo) (f32x4.sub (local.get $one) (local.get $vo))))))
    (v128.store (i32.add (local.get $dz) (local.get $o)) (local.get $zi))
    (v128.store (i32.add (local.get $dz) (i32.add (local.get $o) (local.get $gate))) (local.get $zf))
    (v128.store (i32.add (local.get $dz) (i32.add (local.get $o) (i32.shl (local.get $gate) (i32.const 1)))) (local.get $zg))
    (v128.store (i32.add (local.get $dz) (i32.add (local.get $o) (i32.mul (local.get $gate) (i32.const 3)))) (local.get $zo))
    (v128.store (i32.add (local.get $dzOut) (local.get $o)) (local.get $zi))
    (v128.store (i32.add (local.get $dzOut) (i32.add (local.get $o) (local.get $gate))) (local.get $zf))
    (v128.store (i32.add (local.get $dzOut) (i32.add (local.get $o) (i32.shl (local.get $gate) (i32.const 1)))) (local.get $zg))
    (v128.store (i32.add (local.get $dzOut) (i32.add (local.get $o) (i32.mul (local.get $gate) (i32.const 3)))) (local.get $zo))
    (v128.store (i32.add (local.get $dcOut) (local.get $s)) (f32x4.mul (local.get $dc) (local.get $vf))))

  (func (export "lstmBackwardStep") (param $dhIn i32) (param $dhCarry i32) (param $dcIn i32) (param $dcOut i32) (param $cPrev i32)
    (param $tanhC i32) (param $acts i32) (param $dz i32) (param $dzOut i32) (param $n i32) (param $hidden i32)
    (local $b i32) (local $k i32) (local $gate i32) (local $last i32)
    (local.set $gate (i32.shl (local.get $hidden) (i32.const 2)))
    (local.set $last (i32.sub (local.get $gate) (i32.const 16)))
    (local.set $b (i32.const 0))
    (block $rowsDone (loop $rows
      (br_if $rowsDone (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $k (i32.const 0))
      (block $quadsDone (loop $quads
        (if (i32.gt_u (local.get $k) (local.get $last)) (then (local.set $k (local.get $last))))
        (call $backwardQuad (local.get $dhIn) (local.get $dhCarry) (local.get $dcIn) (local.get $dcOut) (local.get $cPrev)
          (local.get $tanhC) (local.get $acts) (local.get $dz) (local.get $dzOut)
          (call $stateAt (local.get $b) (local.get $gate) (local.get $k))
          (call $gatesAt (local.get $b) (local.get $gate) (local.get $k)) (local.get $gate))
        (br_if $quadsDone (i32.ge_u (local.get $k) (local.get $last)))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $quads)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $rows))))
)
