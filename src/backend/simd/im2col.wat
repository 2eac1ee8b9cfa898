;; The input-pixel matrix of a convolution's filter gradient ("im2col", channels first):
;;   cols[(ci*kh + i)*kw + j][(img*oh + y)*ow + xo] = x[img][ci][y*sh + i*dh - pt][xo*sw + j*dw - pl]
;; with 0 where that pixel lies in the padding. x is [n, c, h, w] float32; cols has c*kh*kw rows of n*oh*ow
;; values and is written in order, front to back. A row of the output image reads a run of the input row (one
;; value every sw): stride 1 copies it four values at a time, the last four ending where the run ends. With kh = kw = 1 and no padding it rearranges
;; [n, c, p] into [c, n*p] (a gradient's rows per channel). Pointers are byte offsets into tfjs-backend-wasm's
;; memory.
(module
  (import "env" "memory" (memory 0))
  (func (export "im2col") (param $x i32) (param $cols i32) (param $n i32) (param $c i32) (param $h i32) (param $w i32)
    (param $kh i32) (param $kw i32) (param $oh i32) (param $ow i32) (param $sh i32) (param $sw i32) (param $dh i32) (param $dw i32)
    (param $pt i32) (param $pl i32)
    (local $dst i32) (local $ci i32) (local $i i32) (local $j i32) (local $img i32) (local $y i32) (local $iy i32)
    (local $ix0 i32) (local $lo i32) (local $hi i32) (local $k i32) (local $src i32) (local $run i32)
    (local $plane i32) (local $planeBytes i32) (local $rowBytes i32)
    (local.set $dst (local.get $cols))
    (local.set $rowBytes (i32.shl (local.get $w) (i32.const 2)))
    (local.set $planeBytes (i32.mul (local.get $h) (local.get $rowBytes)))
    (local.set $ci (i32.const 0))
    (block $channelsDone (loop $channel
      (br_if $channelsDone (i32.ge_s (local.get $ci) (local.get $c)))
      (local.set $i (i32.const 0))
      (block $kernelRowsDone (loop $kernelRow
        (br_if $kernelRowsDone (i32.ge_s (local.get $i) (local.get $kh)))
        (local.set $j (i32.const 0))
        (block $kernelColsDone (loop $kernelCol
          (br_if $kernelColsDone (i32.ge_s (local.get $j) (local.get $kw)))
          ;; input column of output column 0, and the output columns [lo, hi) whose input column is inside the row
          (local.set $ix0 (i32.sub (i32.mul (local.get $j) (local.get $dw)) (local.get $pl)))
          (local.set $lo
            (select (i32.const 0)
              (i32.div_s (i32.sub (i32.add (i32.sub (i32.const 0) (local.get $ix0)) (local.get $sw)) (i32.const 1)) (local.get $sw))
              (i32.ge_s (local.get $ix0) (i32.const 0))))
          (local.set $hi
            (select
              (i32.add (i32.div_s (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $ix0)) (local.get $sw)) (i32.const 1))
              (i32.const 0)
              (i32.ge_s (i32.sub (i32.sub (local.get $w) (i32.const 1)) (local.get $ix0)) (i32.const 0))))
          (if (i32.gt_s (local.get $hi) (local.get $ow)) (then (local.set $hi (local.get $ow))))
          (if (i32.gt_s (local.get $lo) (local.get $hi)) (then (local.set $lo (local.get $hi))))
          (local.set $run (i32.sub (local.get $hi) (local.get $lo)))
                    (local.set $img (i32.const 0))
          (block $imagesDone (loop $image
            (br_if $imagesDone (i32.ge_s (local.get $img) (local.get $n)))
            (local.set $plane (i32.add (local.get $x)
              (i32.mul (i32.add (i32.mul (local.get $img) (local.get $c)) (local.get $ci)) (local.get $planeBytes))))
            (local.set $y (i32.const 0))
            (block $outRowsDone (loop $outRow
              (br_if $outRowsDone (i32.ge_s (local.get $y) (local.get $oh)))
              (local.set $iy (i32.sub (i32.add (i32.mul (local.get $y) (local.get $sh)) (i32.mul (local.get $i) (local.get $dh))) (local.get $pt)))
              (if (i32.or (i32.lt_s (local.get $iy) (i32.const 0)) (i32.ge_s (local.get $iy) (local.get $h)))
                (then
                  ;; a padding row: ow zeros
                  (local.set $k (i32.const 0))
                  (block $zerosDone (loop $zeros
                    (br_if $zerosDone (i32.ge_s (local.get $k) (local.get $ow)))
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $zeros))))
                (else
                  ;; zeros for [0, lo), the run [lo, hi), zeros for [hi, ow)
                  (local.set $k (i32.const 0))
                  (block $leftDone (loop $left
                    (br_if $leftDone (i32.ge_s (local.get $k) (local.get $lo)))
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $left)))
                  (local.set $src (i32.add (i32.add (local.get $plane) (i32.mul (local.get $iy) (local.get $rowBytes)))
                    (i32.shl (i32.add (i32.mul (local.get $lo) (local.get $sw)) (local.get $ix0)) (i32.const 2))))
                  (local.set $k (i32.const 0))
                  (if (i32.and (i32.eq (local.get $sw) (i32.const 1)) (i32.ge_s (local.get $run) (i32.const 4)))
                    (then
                      ;; four values at a time; the last four end where the run ends (overlapping the ones before)
                      (block $vectorsDone (loop $vectors
                        (br_if $vectorsDone (i32.ge_s (i32.add (local.get $k) (i32.const 4)) (local.get $run)))
                        (v128.store (local.get $dst) (v128.load (local.get $src)))
                        (local.set $src (i32.add (local.get $src) (i32.const 16)))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
                        (local.set $k (i32.add (local.get $k) (i32.const 4)))
                        (br $vectors)))
                      (local.set $k (i32.shl (i32.sub (local.get $run) (i32.add (local.get $k) (i32.const 4))) (i32.const 2)))
                      (v128.store (i32.add (local.get $dst) (local.get $k)) (v128.load (i32.add (local.get $src) (local.get $k))))
                      (local.set $dst (i32.add (local.get $dst) (i32.add (local.get $k) (i32.const 16)))))
                    (else
                      (block $stridedDone (loop $strided
                        (br_if $stridedDone (i32.ge_s (local.get $k) (local.get $run)))
                        (f32.store (local.get $dst) (f32.load (local.get $src)))
                        (local.set $src (i32.add (local.get $src) (i32.shl (local.get $sw) (i32.const 2))))
                        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                        (local.set $k (i32.add (local.get $k) (i32.const 1)))
                        (br $strided)))))
                  (local.set $k (local.get $hi))
                  (block $rightDone (loop $right
                    (br_if $rightDone (i32.ge_s (local.get $k) (local.get $ow)))
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (br $right)))))
              (local.set $y (i32.add (local.get $y) (i32.const 1)))
              (br $outRow)))
            (local.set $img (i32.add (local.get $img) (i32.const 1)))
            (br $image)))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $kernelCol)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $kernelRow)))
      (local.set $ci (i32.add (local.get $ci) (i32.const 1)))
      (br $channel)))))
