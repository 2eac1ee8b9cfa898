;; y[b][c][r] = x[b][r][c] for float32 matrices (rows x cols, batch of them), in 4 x 4 tiles: four rows of
;; x loaded, transposed with shuffles, stored as four rows of y; scalar loops for the edges. Every transpose
;; that swaps two blocks of axes is one of these (NHWC <-> NCHW, a matrix, the last two axes).
;; Pointers are byte offsets into tfjs-backend-wasm's memory.
(module
  (import "env" "memory" (memory 0))
  (func (export "transposeBatch") (param $x i32) (param $y i32) (param $batch i32) (param $rows i32) (param $cols i32)
    (local $b i32) (local $r i32) (local $c i32) (local $rows4 i32) (local $cols4 i32)
    (local $xb i32) (local $yb i32) (local $src i32) (local $dst i32) (local $rowBytes i32) (local $colBytes i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))   ;; stride of x's rows
    (local.set $colBytes (i32.shl (local.get $rows) (i32.const 2)))   ;; stride of y's rows
    (local.set $b (i32.const 0))
    (block $batchesDone (loop $batch
      (br_if $batchesDone (i32.ge_u (local.get $b) (local.get $batch)))
      (local.set $xb (i32.add (local.get $x) (i32.mul (local.get $b) (i32.mul (local.get $rows) (local.get $rowBytes)))))
      (local.set $yb (i32.add (local.get $y) (i32.mul (local.get $b) (i32.mul (local.get $rows) (local.get $rowBytes)))))
      (local.set $r (i32.const 0))
      (block $tileRowsDone (loop $tileRow
        (br_if $tileRowsDone (i32.ge_u (local.get $r) (local.get $rows4)))
        (local.set $c (i32.const 0))
        (block $tilesDone (loop $tile
          (br_if $tilesDone (i32.ge_u (local.get $c) (local.get $cols4)))
          (local.set $src (i32.add (local.get $xb) (i32.add (i32.mul (local.get $r) (local.get $rowBytes)) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $v0 (v128.load (local.get $src)))
          (local.set $v1 (v128.load (i32.add (local.get $src) (local.get $rowBytes))))
          (local.set $v2 (v128.load (i32.add (local.get $src) (i32.shl (local.get $rowBytes) (i32.const 1)))))
          (local.set $v3 (v128.load (i32.add (local.get $src) (i32.mul (local.get $rowBytes) (i32.const 3)))))
          ;; t0 = [v0.0 v1.0 v0.1 v1.1], t1 = [v0.2 v1.2 v0.3 v1.3], t2, t3 the same for v2, v3
          (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
          (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
          (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
          (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
          (local.set $dst (i32.add (local.get $yb) (i32.add (i32.mul (local.get $c) (local.get $colBytes)) (i32.shl (local.get $r) (i32.const 2)))))
          (v128.store (local.get $dst) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $dst) (local.get $colBytes))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
          (v128.store (i32.add (local.get $dst) (i32.shl (local.get $colBytes) (i32.const 1)))
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
          (v128.store (i32.add (local.get $dst) (i32.mul (local.get $colBytes) (i32.const 3)))
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $tile)))
        ;; the last cols mod 4 columns of these four rows
        (block $edgeDone (loop $edge
          (br_if $edgeDone (i32.ge_u (local.get $c) (local.get $cols)))
          (local.set $src (i32.add (local.get $xb) (i32.add (i32.mul (local.get $r) (local.get $rowBytes)) (i32.shl (local.get $c) (i32.const 2)))))
          (local.set $dst (i32.add (local.get $yb) (i32.add (i32.mul (local.get $c) (local.get $colBytes)) (i32.shl (local.get $r) (i32.const 2)))))
          (f32.store (local.get $dst) (f32.load (local.get $src)))
          (f32.store offset=4 (local.get $dst) (f32.load (i32.add (local.get $src) (local.get $rowBytes))))
          (f32.store offset=8 (local.get $dst) (f32.load (i32.add (local.get $src) (i32.shl (local.get $rowBytes) (i32.const 1)))))
          (f32.store offset=12 (local.get $dst) (f32.load (i32.add (local.get $src) (i32.mul (local.get $rowBytes) (i32.const 3)))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $edge)))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $tileRow)))
      ;; the last rows mod 4 rows, every column
      (block $lastRowsDone (loop $lastRow
        (br_if $lastRowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (block $colsDone (loop $col
          (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
          (f32.store (i32.add (local.get $yb) (i32.add (i32.mul (local.get $c) (local.get $colBytes)) (i32.shl (local.get $r) (i32.const 2))))
            (f32.load (i32.add (local.get $xb) (i32.add (i32.mul (local.get $r) (local.get $rowBytes)) (i32.shl (local.get $c) (i32.const 2))))))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $col)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $lastRow)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $batch)))))
