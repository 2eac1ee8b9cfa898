;; Optimizer steps over float32 arrays in tfjs-backend-wasm's memory, four values per SIMD step and a scalar
;; loop for the last n mod 4. The arithmetic is that of the tensor-op form in src/optim (adam.ts, sgd.ts), op
;; for op in float32, so results are bit-identical to it. Pointers are byte offsets; a state pointer of 0
;; means "no such state".
(module
  (import "env" "memory" (memory 0))

  ;; Adam / AdamW: out = new parameter value, m and v (and vmax for AMSGrad) updated in place.
  ;; l2: coupled weight decay (Adam), decay: 1 - lr*wd (AdamW, 1 when none), corr2: sqrt(1 - beta2^t),
  ;; stepSize: lr / (1 - beta1^t), sign: -1 to maximize.
  (func (export "adamStep")
    (param $p i32) (param $g i32) (param $out i32) (param $m i32) (param $v i32) (param $vmax i32) (param $n i32)
    (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32) (param $l2 f32) (param $decay f32)
    (param $corr2 f32) (param $eps f32) (param $stepSize f32) (param $sign f32)
    (local $i i32) (local $end4 i32) (local $o i32)
    (local $pv v128) (local $gv v128) (local $mv v128) (local $vv v128) (local $sv v128)
    (local $ps f32) (local $gs f32) (local $ms f32) (local $vs f32) (local $ss f32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $done4 (loop $quad
      (br_if $done4 (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $pv (v128.load (i32.add (local.get $p) (local.get $o))))
      (local.set $gv (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.splat (local.get $sign))))
      (if (f32.ne (local.get $l2) (f32.const 0))
        (then (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $pv) (f32x4.splat (local.get $l2)))))))
      (local.set $mv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (f32x4.splat (local.get $b1)))
        (f32x4.mul (local.get $gv) (f32x4.splat (local.get $omb1)))))
      (v128.store (i32.add (local.get $m) (local.get $o)) (local.get $mv))
      (local.set $vv (f32x4.add
        (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $omb2)))))
      (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $vv))
      (local.set $sv (local.get $vv))
      (if (i32.ne (local.get $vmax) (i32.const 0))
        (then
          (local.set $sv (f32x4.max (v128.load (i32.add (local.get $vmax) (local.get $o))) (local.get $vv)))
          (v128.store (i32.add (local.get $vmax) (local.get $o)) (local.get $sv))))
      (if (f32.ne (local.get $decay) (f32.const 1))
        (then (local.set $pv (f32x4.mul (local.get $pv) (f32x4.splat (local.get $decay))))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.sub (local.get $pv)
          (f32x4.mul
            (f32x4.div (local.get $mv)
              (f32x4.add (f32x4.div (f32x4.sqrt (local.get $sv)) (f32x4.splat (local.get $corr2))) (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $stepSize)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quad)))
    (local.set $i (i32.shl (local.get $n) (i32.const 2)))
    (block $done (loop $single
      (br_if $done (i32.ge_u (local.get $o) (local.get $i)))
      (local.set $ps (f32.load (i32.add (local.get $p) (local.get $o))))
      (local.set $gs (f32.mul (f32.load (i32.add (local.get $g) (local.get $o))) (local.get $sign)))
      (if (f32.ne (local.get $l2) (f32.const 0))
        (then (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $ps) (local.get $l2))))))
      (local.set $ms (f32.add (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1)) (f32.mul (local.get $gs) (local.get $omb1))))
      (f32.store (i32.add (local.get $m) (local.get $o)) (local.get $ms))
      (local.set $vs (f32.add (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omb2))))
      (f32.store (i32.add (local.get $v) (local.get $o)) (local.get $vs))
      (local.set $ss (local.get $vs))
      (if (i32.ne (local.get $vmax) (i32.const 0))
        (then
          (local.set $ss (f32.max (f32.load (i32.add (local.get $vmax) (local.get $o))) (local.get $vs)))
          (f32.store (i32.add (local.get $vmax) (local.get $o)) (local.get $ss))))
      (if (f32.ne (local.get $decay) (f32.const 1))
        (then (local.set $ps (f32.mul (local.get $ps) (local.get $decay)))))
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.sub (local.get $ps)
          (f32.mul (f32.div (local.get $ms) (f32.add (f32.div (f32.sqrt (local.get $ss)) (local.get $corr2)) (local.get $eps)))
            (local.get $stepSize))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $single))))

  ;; SGD: out = new parameter value; buf (momentum) updated in place. omd: 1 - dampening; first: 1 at the
  ;; first momentum step (the buffer becomes the gradient); nesterov: 1 for Nesterov momentum.
  (func (export "sgdStep")
    (param $p i32) (param $g i32) (param $out i32) (param $buf i32) (param $n i32)
    (param $lr f32) (param $wd f32) (param $mom f32) (param $omd f32) (param $sign f32) (param $first i32) (param $nesterov i32)
    (local $o i32) (local $end4 i32) (local $end i32)
    (local $pv v128) (local $gv v128) (local $bv v128)
    (local $ps f32) (local $gs f32) (local $bs f32)
    (local.set $end4 (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $o (i32.const 0))
    (block $done4 (loop $quad
      (br_if $done4 (i32.ge_u (local.get $o) (local.get $end4)))
      (local.set $pv (v128.load (i32.add (local.get $p) (local.get $o))))
      (local.set $gv (f32x4.mul (v128.load (i32.add (local.get $g) (local.get $o))) (f32x4.splat (local.get $sign))))
      (if (f32.ne (local.get $wd) (f32.const 0))
        (then (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $pv) (f32x4.splat (local.get $wd)))))))
      (if (i32.ne (local.get $buf) (i32.const 0))
        (then
          (if (local.get $first)
            (then (local.set $bv (local.get $gv)))
            (else (local.set $bv (f32x4.add
              (f32x4.mul (v128.load (i32.add (local.get $buf) (local.get $o))) (f32x4.splat (local.get $mom)))
              (f32x4.mul (local.get $gv) (f32x4.splat (local.get $omd)))))))
          (v128.store (i32.add (local.get $buf) (local.get $o)) (local.get $bv))
          (if (local.get $nesterov)
            (then (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $bv) (f32x4.splat (local.get $mom))))))
            (else (local.set $gv (local.get $bv))))))
      (v128.store (i32.add (local.get $out) (local.get $o))
        (f32x4.sub (local.get $pv) (f32x4.mul (local.get $gv) (f32x4.splat (local.get $lr)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $quad)))
    (block $done (loop $single
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $ps (f32.load (i32.add (local.get $p) (local.get $o))))
      (local.set $gs (f32.mul (f32.load (i32.add (local.get $g) (local.get $o))) (local.get $sign)))
      (if (f32.ne (local.get $wd) (f32.const 0))
        (then (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $ps) (local.get $wd))))))
      (if (i32.ne (local.get $buf) (i32.const 0))
        (then
          (if (local.get $first)
            (then (local.set $bs (local.get $gs)))
            (else (local.set $bs (f32.add
              (f32.mul (f32.load (i32.add (local.get $buf) (local.get $o))) (local.get $mom))
              (f32.mul (local.get $gs) (local.get $omd))))))
          (f32.store (i32.add (local.get $buf) (local.get $o)) (local.get $bs))
          (if (local.get $nesterov)
            (then (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $bs) (local.get $mom)))))
            (else (local.set $gs (local.get $bs))))))
      (f32.store (i32.add (local.get $out) (local.get $o))
        (f32.sub (local.get $ps) (f32.mul (local.get $gs) (local.get $lr))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $single)))))
