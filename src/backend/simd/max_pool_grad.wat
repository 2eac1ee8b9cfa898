;; Gradient of 2x2 max pooling with stride 2 and no padding over float32 NHWC data, four channels per
;; SIMD step. Each window's output gradient goes to the window's maximum: the first position holding it in
;; row-major window order, or the last NaN when the window has one (PyTorch's rule); the other three
;; positions get 0. Rows and columns no window covers (odd H or W) are left as they are: the caller zeroes them.
;; Pointers are byte offsets into the memory tfjs-backend-wasm's tensors live in; C must be a multiple of 4.
(module
  (import "env" "memory" (memory 0))
  (func (export "maxPoolGrad2x2")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32)
    (local $outH i32) (local $outW i32) (local $b i32) (local $oh i32) (local $ow i32) (local $k i32)
    (local $pixel i32) (local $row i32) (local $win i32) (local $g i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $m v128) (local $grad v128)
    (local $n0 v128) (local $n1 v128) (local $n2 v128) (local $n3 v128) (local $anyNaN v128)
    (local $e0 v128) (local $e1 v128) (local $e2 v128) (local $e3 v128) (local $taken v128)
    (local.set $outH (i32.shr_u (local.get $h) (i32.const 1)))
    (local.set $outW (i32.shr_u (local.get $w) (i32.const 1)))
    (local.set $pixel (i32.shl (local.get $c) (i32.const 2)))            ;; bytes per pixel
    (local.set $row (i32.mul (local.get $w) (local.get $pixel)))         ;; bytes per input row
    (local.set $g (local.get $dy))
    (local.set $b (i32.const 0))
    (block $batches (loop $batch
      (br_if $batches (i32.ge_u (local.get $b) (local.get $n)))
      (local.set $oh (i32.const 0))
      (block $rows (loop $outRow
        (br_if $rows (i32.ge_u (local.get $oh) (local.get $outH)))
        (local.set $ow (i32.const 0))
        (block $cols (loop $outCol
          (br_if $cols (i32.ge_u (local.get $ow) (local.get $outW)))
          ;; byte offset of the window's top-left pixel: ((b*H + 2*oh)*W + 2*ow)*C*4
          (local.set $win (i32.add
            (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (i32.shl (local.get $oh) (i32.const 1))) (local.get $row))
            (i32.mul (i32.shl (local.get $ow) (i32.const 1)) (local.get $pixel))))
          (local.set $k (i32.const 0))
          (block $channels (loop $channel
            (br_if $channels (i32.ge_u (local.get $k) (local.get $pixel)))
            (local.set $v0 (v128.load (i32.add (local.get $x) (local.get $win))))
            (local.set $v1 (v128.load (i32.add (local.get $x) (i32.add (local.get $win) (local.get $pixel)))))
            (local.set $v2 (v128.load (i32.add (local.get $x) (i32.add (local.get $win) (local.get $row)))))
            (local.set $v3 (v128.load (i32.add (local.get $x) (i32.add (i32.add (local.get $win) (local.get $row)) (local.get $pixel)))))
            (local.set $m (f32x4.max (f32x4.max (local.get $v0) (local.get $v1)) (f32x4.max (local.get $v2) (local.get $v3))))
            ;; first position equal to the maximum
            (local.set $e0 (f32x4.eq (local.get $v0) (local.get $m)))
            (local.set $taken (local.get $e0))
            (local.set $e1 (v128.andnot (f32x4.eq (local.get $v1) (local.get $m)) (local.get $taken)))
            (local.set $taken (v128.or (local.get $taken) (local.get $e1)))
            (local.set $e2 (v128.andnot (f32x4.eq (local.get $v2) (local.get $m)) (local.get $taken)))
            (local.set $taken (v128.or (local.get $taken) (local.get $e2)))
            (local.set $e3 (v128.not (local.get $taken)))
            ;; lanes with a NaN: the last NaN instead
            (local.set $n0 (f32x4.ne (local.get $v0) (local.get $v0)))
            (local.set $n1 (f32x4.ne (local.get $v1) (local.get $v1)))
            (local.set $n2 (f32x4.ne (local.get $v2) (local.get $v2)))
            (local.set $n3 (f32x4.ne (local.get $v3) (local.get $v3)))
            (local.set $anyNaN (v128.or (v128.or (local.get $n0) (local.get $n1)) (v128.or (local.get $n2) (local.get $n3))))
            (local.set $n2 (v128.andnot (local.get $n2) (local.get $n3)))
            (local.set $n1 (v128.andnot (local.get $n1) (v128.or (local.get $n2) (local.get $n3))))
            (local.set $n0 (v128.andnot (local.get $n0) (v128.or (v128.or (local.get $n1) (local.get $n2)) (local.get $n3))))
            (local.set $e0 (v128.bitselect (local.get $n0) (local.get $e0) (local.get $anyNaN)))
            (local.set $e1 (v128.bitselect (local.get $n1) (local.get $e1) (local.get $anyNaN)))
            (local.set $e2 (v128.bitselect (local.get $n2) (local.get $e2) (local.get $anyNaN)))
            (local.set $e3 (v128.bitselect (local.get $n3) (local.get $e3) (local.get $anyNaN)))
            (local.set $grad (v128.load (local.get $g)))
            (v128.store (i32.add (local.get $dx) (local.get $win)) (v128.and (local.get $grad) (local.get $e0)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $win) (local.get $pixel))) (v128.and (local.get $grad) (local.get $e1)))
            (v128.store (i32.add (local.get $dx) (i32.add (local.get $win) (local.get $row))) (v128.and (local.get $grad) (local.get $e2)))
            (v128.store (i32.add (local.get $dx) (i32.add (i32.add (local.get $win) (local.get $row)) (local.get $pixel))) (v128.and (local.get $grad) (local.get $e3)))
            (local.set $win (i32.add (local.get $win) (i32.const 16)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $channel)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $outCol)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $outRow)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $batch)))))
