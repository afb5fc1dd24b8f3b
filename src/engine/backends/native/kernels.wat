;; Native training kernels for the tfjs `wasm` backend, hand-written WebAssembly (SIMD, bulk memory).
;; They work directly on the backend's own heap: the module imports tfjs-wasm's memory (the MEMORY
;; placeholder line below becomes a shared or an unshared memory import, one binary each, see
;; scripts/build-wasm-kernels.mjs). All pointers are byte offsets into that heap.
;; Why native: the same loops in JavaScript cost ~5 ns per element whichever way they are written.
(module
  ;;MEMORY;;

  ;; dx[where] += dy[d] unless where < 0 (a window with no element greater than -Infinity).
  (func $scatter (param $dx i32) (param $dy i32) (param $where i32) (param $d i32)
    (local $at i32)
    (if (i32.ge_s (local.get $where) (i32.const 0))
      (then
        (local.set $at (i32.add (local.get $dx) (i32.shl (local.get $where) (i32.const 2))))
        (f32.store (local.get $at)
          (f32.add (f32.load (local.get $at))
                   (f32.load (i32.add (local.get $dy) (i32.shl (local.get $d) (i32.const 2)))))))))

  ;; MaxPoolGrad, NHWC, any window / stride / padding. Every window is visited once; its gradient goes
  ;; to the first strictly largest input (row-major order), as tfjs's cpu backend does. Channels are
  ;; scanned four at a time (one v128 of running maxima and one of their positions), the rest one by one.
  (func (export "maxPoolGrad")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $c i32)
    (param $outH i32) (param $outW i32) (param $fh i32) (param $fw i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $oy i32) (local $ox i32) (local $y0 i32) (local $y1 i32) (local $x0 i32)
    (local $x1 i32) (local $iy i32) (local $ix i32) (local $cb i32) (local $c4 i32) (local $image i32)
    (local $pixel i32) (local $dyRow i32) (local $t i32) (local $ws i32) (local $vs f32) (local $bs f32)
    (local $best v128) (local $where v128) (local $v v128) (local $m v128)
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (local.get $inW)) (local.get $c))
               (i32.const 2)))
    (local.set $c4 (i32.and (local.get $c) (i32.const -4)))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $batch)))
      (local.set $image
        (i32.mul (local.get $n) (i32.mul (i32.mul (local.get $inH) (local.get $inW)) (local.get $c))))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
        (local.set $t (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)))
        (local.set $y0 (select (local.get $t) (i32.const 0) (i32.gt_s (local.get $t) (i32.const 0))))
        (local.set $t (i32.add (local.get $t) (local.get $fh)))
        (local.set $y1 (select (local.get $t) (local.get $inH) (i32.lt_s (local.get $t) (local.get $inH))))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_s (local.get $ox) (local.get $outW)))
          (local.set $t (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $padLeft)))
          (local.set $x0 (select (local.get $t) (i32.const 0) (i32.gt_s (local.get $t) (i32.const 0))))
          (local.set $t (i32.add (local.get $t) (local.get $fw)))
          (local.set $x1 (select (local.get $t) (local.get $inW) (i32.lt_s (local.get $t) (local.get $inW))))
          ;; four channels at a time
          (local.set $cb (i32.const 0))
          (block $cbDone (loop $cbLoop
            (br_if $cbDone (i32.ge_s (local.get $cb) (local.get $c4)))
            (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
            (local.set $where (v128.const i32x4 -1 -1 -1 -1))
            (local.set $iy (local.get $y0))
            (block $iyDone (loop $iyLoop
              (br_if $iyDone (i32.ge_s (local.get $iy) (local.get $y1)))
              (local.set $ix (local.get $x0))
              (block $ixDone (loop $ixLoop
                (br_if $ixDone (i32.ge_s (local.get $ix) (local.get $x1)))
                (local.set $pixel
                  (i32.add (i32.add (local.get $image)
                    (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $inW)) (local.get $ix)) (local.get $c)))
                    (local.get $cb)))
                (local.set $v (v128.load align=4 (i32.add (local.get $x) (i32.shl (local.get $pixel) (i32.const 2)))))
                (local.set $m (f32x4.gt (local.get $v) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $m)))
                (local.set $where
                  (v128.bitselect (i32x4.add (i32x4.splat (local.get $pixel)) (v128.const i32x4 0 1 2 3))
                                  (local.get $where) (local.get $m)))
                (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                (br $ixLoop)))
              (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
              (br $iyLoop)))
            (local.set $t (i32.add (local.get $dyRow) (local.get $cb)))
            (call $scatter (local.get $dx) (local.get $dy) (i32x4.extract_lane 0 (local.get $where)) (local.get $t))
            (call $scatter (local.get $dx) (local.get $dy) (i32x4.extract_lane 1 (local.get $where))
              (i32.add (local.get $t) (i32.const 1)))
            (call $scatter (local.get $dx) (local.get $dy) (i32x4.extract_lane 2 (local.get $where))
              (i32.add (local.get $t) (i32.const 2)))
            (call $scatter (local.get $dx) (local.get $dy) (i32x4.extract_lane 3 (local.get $where))
              (i32.add (local.get $t) (i32.const 3)))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $cbLoop)))
          ;; the remaining channels one by one
          (block $csDone (loop $csLoop
            (br_if $csDone (i32.ge_s (local.get $cb) (local.get $c)))
            (local.set $bs (f32.const -inf))
            (local.set $ws (i32.const -1))
            (local.set $iy (local.get $y0))
            (block $iyDone2 (loop $iyLoop2
              (br_if $iyDone2 (i32.ge_s (local.get $iy) (local.get $y1)))
              (local.set $ix (local.get $x0))
              (block $ixDone2 (loop $ixLoop2
                (br_if $ixDone2 (i32.ge_s (local.get $ix) (local.get $x1)))
                (local.set $pixel
                  (i32.add (i32.add (local.get $image)
                    (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $inW)) (local.get $ix)) (local.get $c)))
                    (local.get $cb)))
                (local.set $vs (f32.load (i32.add (local.get $x) (i32.shl (local.get $pixel) (i32.const 2)))))
                (if (f32.gt (local.get $vs) (local.get $bs))
                  (then (local.set $bs (local.get $vs)) (local.set $ws (local.get $pixel))))
                (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                (br $ixLoop2)))
              (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
              (br $iyLoop2)))
            (call $scatter (local.get $dx) (local.get $dy) (local.get $ws) (i32.add (local.get $dyRow) (local.get $cb)))
            (local.set $cb (i32.add (local.get $cb) (i32.const 1)))
            (br $csLoop)))
          (local.set $dyRow (i32.add (local.get $dyRow) (local.get $c)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; MaxPoolGrad where the windows tile the input (window = stride, nothing padded above or to the left:
  ;; Keras's default 2×2 pool). Each input then lies in at most one window, so dx is written once, with
  ;; no zero fill and no scatter-add: per window and four channels, a first pass finds the first strictly
  ;; largest position exactly as maxPoolGrad does, a second writes 0 + dy there and 0 elsewhere (the
  ;; scatter-add's 0 + dy, so even −0 comes out bit-identical). A whole 2×2 window is unrolled. Inputs no
  ;; window reaches (a 'valid' pool of an odd size) are zeroed first. Same parameters as maxPoolGrad;
  ;; sh = fh, sw = fw, pads 0. Pointers walk by adding strides: the multiplies per element cost more
  ;; than the comparisons.
  (func (export "maxPoolGradTiled")
    (param $x i32) (param $dy i32) (param $dx i32)
    (param $batch i32) (param $inH i32) (param $inW i32) (param $c i32)
    (param $outH i32) (param $outW i32) (param $fh i32) (param $fw i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $oy i32) (local $ox i32) (local $rows i32) (local $cols i32) (local $iy i32)
    (local $ix i32) (local $cb i32) (local $c4 i32) (local $pixBytes i32) (local $rowBytes i32)
    (local $base i32) (local $g i32) (local $p i32) (local $row i32) (local $k i32) (local $ws i32)
    (local $full i32) (local $bs f32) (local $vs f32)
    (local $best v128) (local $where v128) (local $gv v128) (local $m v128)
    (local $a v128) (local $b v128) (local $e v128) (local $d v128)
    (local.set $pixBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $inW) (local.get $pixBytes)))
    (if (i32.or (i32.lt_s (i32.mul (local.get $outH) (local.get $sh)) (local.get $inH))
                (i32.lt_s (i32.mul (local.get $outW) (local.get $sw)) (local.get $inW)))
      (then (memory.fill (local.get $dx) (i32.const 0)
        (i32.mul (i32.mul (local.get $batch) (local.get $inH)) (local.get $rowBytes)))))
    (local.set $c4 (i32.shl (i32.and (local.get $c) (i32.const -4)) (i32.const 2)))
    (local.set $g (local.get $dy))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $batch)))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
        ;; the window's rows inside the image
        (local.set $rows (i32.sub (local.get $inH) (i32.mul (local.get $oy) (local.get $sh))))
        (if (i32.gt_s (local.get $rows) (local.get $fh)) (then (local.set $rows (local.get $fh))))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_s (local.get $ox) (local.get $outW)))
          (local.set $cols (i32.sub (local.get $inW) (i32.mul (local.get $ox) (local.get $sw))))
          (if (i32.gt_s (local.get $cols) (local.get $fw)) (then (local.set $cols (local.get $fw))))
          (local.set $full (i32.and (i32.eq (local.get $rows) (i32.const 2)) (i32.eq (local.get $cols) (i32.const 2))))
          ;; byte offset of the window's first pixel (the same in x and dx)
          (local.set $base (i32.add
            (i32.mul (i32.add (i32.mul (local.get $n) (local.get $inH)) (i32.mul (local.get $oy) (local.get $sh))) (local.get $rowBytes))
            (i32.mul (i32.mul (local.get $ox) (local.get $sw)) (local.get $pixBytes))))
          (local.set $cb (i32.const 0))
          (block $cbDone (loop $cbLoop
            (br_if $cbDone (i32.ge_s (local.get $cb) (local.get $c4)))
            (local.set $p (i32.add (local.get $base) (local.get $cb)))
            (local.set $gv (v128.load align=4 (i32.add (local.get $g) (local.get $cb))))
            (if (local.get $full)
              (then
                (local.set $a (v128.load align=4 (i32.add (local.get $x) (local.get $p))))
                (local.set $b (v128.load align=4 (i32.add (local.get $x) (i32.add (local.get $p) (local.get $pixBytes)))))
                (local.set $e (v128.load align=4 (i32.add (local.get $x) (i32.add (local.get $p) (local.get $rowBytes)))))
                (local.set $d (v128.load align=4 (i32.add (local.get $x)
                  (i32.add (i32.add (local.get $p) (local.get $rowBytes)) (local.get $pixBytes)))))
                (local.set $m (f32x4.gt (local.get $a) (v128.const f32x4 -inf -inf -inf -inf)))
                (local.set $best (v128.bitselect (local.get $a) (v128.const f32x4 -inf -inf -inf -inf) (local.get $m)))
                (local.set $where (v128.bitselect (v128.const i32x4 0 0 0 0) (v128.const i32x4 -1 -1 -1 -1) (local.get $m)))
                (local.set $m (f32x4.gt (local.get $b) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $b) (local.get $best) (local.get $m)))
                (local.set $where (v128.bitselect (v128.const i32x4 1 1 1 1) (local.get $where) (local.get $m)))
                (local.set $m (f32x4.gt (local.get $e) (local.get $best)))
                (local.set $best (v128.bitselect (local.get $e) (local.get $best) (local.get $m)))
                (local.set $where (v128.bitselect (v128.const i32x4 2 2 2 2) (local.get $where) (local.get $m)))
                (local.set $m (f32x4.gt (local.get $d) (local.get $best)))
                (local.set $where (v128.bitselect (v128.const i32x4 3 3 3 3) (local.get $where) (local.get $m)))
                (v128.store align=4 (i32.add (local.get $dx) (local.get $p))
                  (f32x4.add (v128.const f32x4 0 0 0 0)
                    (v128.and (local.get $gv) (i32x4.eq (local.get $where) (v128.const i32x4 0 0 0 0)))))
                (v128.store align=4 (i32.add (local.get $dx) (i32.add (local.get $p) (local.get $pixBytes)))
                  (f32x4.add (v128.const f32x4 0 0 0 0)
                    (v128.and (local.get $gv) (i32x4.eq (local.get $where) (v128.const i32x4 1 1 1 1)))))
                (v128.store align=4 (i32.add (local.get $dx) (i32.add (local.get $p) (local.get $rowBytes)))
                  (f32x4.add (v128.const f32x4 0 0 0 0)
                    (v128.and (local.get $gv) (i32x4.eq (local.get $where) (v128.const i32x4 2 2 2 2)))))
                (v128.store align=4 (i32.add (local.get $dx)
                  (i32.add (i32.add (local.get $p) (local.get $rowBytes)) (local.get $pixBytes)))
                  (f32x4.add (v128.const f32x4 0 0 0 0)
                    (v128.and (local.get $gv) (i32x4.eq (local.get $where) (v128.const i32x4 3 3 3 3))))))
              (else
                (local.set $best (v128.const f32x4 -inf -inf -inf -inf))
                (local.set $where (v128.const i32x4 -1 -1 -1 -1))
                (local.set $k (i32.const 0))
                (local.set $row (local.get $p))
                (local.set $iy (i32.const 0))
                (block $iyDone (loop $iyLoop
                  (br_if $iyDone (i32.ge_s (local.get $iy) (local.get $rows)))
                  (local.set $p (local.get $row))
                  (local.set $ix (i32.const 0))
                  (block $ixDone (loop $ixLoop
                    (br_if $ixDone (i32.ge_s (local.get $ix) (local.get $cols)))
                    (local.set $a (v128.load align=4 (i32.add (local.get $x) (local.get $p))))
                    (local.set $m (f32x4.gt (local.get $a) (local.get $best)))
                    (local.set $best (v128.bitselect (local.get $a) (local.get $best) (local.get $m)))
                    (local.set $where (v128.bitselect (i32x4.splat (local.get $k)) (local.get $where) (local.get $m)))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (local.set $p (i32.add (local.get $p) (local.get $pixBytes)))
                    (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                    (br $ixLoop)))
                  (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
                  (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
                  (br $iyLoop)))
                (local.set $k (i32.const 0))
                (local.set $row (i32.add (local.get $base) (local.get $cb)))
                (local.set $iy (i32.const 0))
                (block $iyDone3 (loop $iyLoop3
                  (br_if $iyDone3 (i32.ge_s (local.get $iy) (local.get $rows)))
                  (local.set $p (local.get $row))
                  (local.set $ix (i32.const 0))
                  (block $ixDone3 (loop $ixLoop3
                    (br_if $ixDone3 (i32.ge_s (local.get $ix) (local.get $cols)))
                    (v128.store align=4 (i32.add (local.get $dx) (local.get $p))
                      (f32x4.add (v128.const f32x4 0 0 0 0)
                        (v128.and (local.get $gv) (i32x4.eq (local.get $where) (i32x4.splat (local.get $k))))))
                    (local.set $k (i32.add (local.get $k) (i32.const 1)))
                    (local.set $p (i32.add (local.get $p) (local.get $pixBytes)))
                    (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                    (br $ixLoop3)))
                  (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
                  (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
                  (br $iyLoop3)))))
            (local.set $cb (i32.add (local.get $cb) (i32.const 16)))
            (br $cbLoop)))
          ;; the remaining channels one by one
          (block $csDone (loop $csLoop
            (br_if $csDone (i32.ge_s (local.get $cb) (local.get $pixBytes)))
            (local.set $bs (f32.const -inf))
            (local.set $ws (i32.const -1))
            (local.set $k (i32.const 0))
            (local.set $row (i32.add (local.get $base) (local.get $cb)))
            (local.set $iy (i32.const 0))
            (block $iyDone2 (loop $iyLoop2
              (br_if $iyDone2 (i32.ge_s (local.get $iy) (local.get $rows)))
              (local.set $p (local.get $row))
              (local.set $ix (i32.const 0))
              (block $ixDone2 (loop $ixLoop2
                (br_if $ixDone2 (i32.ge_s (local.get $ix) (local.get $cols)))
                (local.set $vs (f32.load (i32.add (local.get $x) (local.get $p))))
                (if (f32.gt (local.get $vs) (local.get $bs))
                  (then (local.set $bs (local.get $vs)) (local.set $ws (local.get $k))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (local.get $pixBytes)))
                (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                (br $ixLoop2)))
              (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
              (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
              (br $iyLoop2)))
            (local.set $vs (f32.add (f32.const 0) (f32.load (i32.add (local.get $g) (local.get $cb)))))
            (local.set $k (i32.const 0))
            (local.set $row (i32.add (local.get $base) (local.get $cb)))
            (local.set $iy (i32.const 0))
            (block $iyDone4 (loop $iyLoop4
              (br_if $iyDone4 (i32.ge_s (local.get $iy) (local.get $rows)))
              (local.set $p (local.get $row))
              (local.set $ix (i32.const 0))
              (block $ixDone4 (loop $ixLoop4
                (br_if $ixDone4 (i32.ge_s (local.get $ix) (local.get $cols)))
                (f32.store (i32.add (local.get $dx) (local.get $p))
                  (select (local.get $vs) (f32.const 0) (i32.eq (local.get $ws) (local.get $k))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (local.get $pixBytes)))
                (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                (br $ixLoop4)))
              (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
              (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
              (br $iyLoop4)))
            (local.set $cb (i32.add (local.get $cb) (i32.const 4)))
            (br $csLoop)))
          (local.set $g (i32.add (local.get $g) (local.get $pixBytes)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; One Adam step for n floats in a single pass, the same float32 operations in the same order as
  ;; tfjs's AdamOptimizer (so results are bit-identical). New moments and value go to fresh tensors
  ;; (outM, outV, out): never the value in place, since XNNPACK caches packed weights per tensor, and not
  ;; the moments either, since a moment restored by setWeights may share its data with the caller.
  ;;   m' = m·b1 + g·(1 − b1)        v' = v·b2 + g²·(1 − b2)
  ;;   out = (m' / (1 − b1ᵗ)) / (sqrt(v' / (1 − b2ᵗ)) + eps) · (−lr) + value
  (func (export "adam")
    (param $value i32) (param $grad i32) (param $m i32) (param $v i32)
    (param $outM i32) (param $outV i32) (param $out i32) (param $n i32)
    (param $b1 f32) (param $omb1 f32) (param $b2 f32) (param $omb2 f32)
    (param $omab1 f32) (param $omab2 f32) (param $eps f32) (param $negLr f32)
    (local $i i32) (local $n4 i32) (local $at i32)
    (local $g v128) (local $mm v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $i) (local.get $n4)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $g (v128.load align=4 (i32.add (local.get $grad) (local.get $at))))
      (local.set $mm (f32x4.add
        (f32x4.mul (v128.load align=4 (i32.add (local.get $m) (local.get $at))) (f32x4.splat (local.get $b1)))
        (f32x4.mul (local.get $g) (f32x4.splat (local.get $omb1)))))
      (local.set $vv (f32x4.add
        (f32x4.mul (v128.load align=4 (i32.add (local.get $v) (local.get $at))) (f32x4.splat (local.get $b2)))
        (f32x4.mul (f32x4.mul (local.get $g) (local.get $g)) (f32x4.splat (local.get $omb2)))))
      (v128.store align=4 (i32.add (local.get $outM) (local.get $at)) (local.get $mm))
      (v128.store align=4 (i32.add (local.get $outV) (local.get $at)) (local.get $vv))
      (v128.store align=4 (i32.add (local.get $out) (local.get $at))
        (f32x4.add
          (f32x4.mul
            (f32x4.div
              (f32x4.div (local.get $mm) (f32x4.splat (local.get $omab1)))
              (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (f32x4.splat (local.get $omab2))))
                         (f32x4.splat (local.get $eps))))
            (f32x4.splat (local.get $negLr)))
          (v128.load align=4 (i32.add (local.get $value) (local.get $at)))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $done1 (loop $loop1
      (br_if $done1 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $gs (f32.load (i32.add (local.get $grad) (local.get $at))))
      (local.set $ms (f32.add
        (f32.mul (f32.load (i32.add (local.get $m) (local.get $at))) (local.get $b1))
        (f32.mul (local.get $gs) (local.get $omb1))))
      (local.set $vs (f32.add
        (f32.mul (f32.load (i32.add (local.get $v) (local.get $at))) (local.get $b2))
        (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omb2))))
      (f32.store (i32.add (local.get $outM) (local.get $at)) (local.get $ms))
      (f32.store (i32.add (local.get $outV) (local.get $at)) (local.get $vs))
      (f32.store (i32.add (local.get $out) (local.get $at))
        (f32.add
          (f32.mul
            (f32.div
              (f32.div (local.get $ms) (local.get $omab1))
              (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $omab2))) (local.get $eps)))
            (local.get $negLr))
          (f32.load (i32.add (local.get $value) (local.get $at)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop1))))

  ;; out = dy · step(x) for n floats: Relu's gradient in one pass (tfjs composes it of Step, Cast and
  ;; Multiply, three passes and two temporaries). step(x) is 1 where x > 0, 0 where not, and NaN where x
  ;; is NaN, exactly as tfjs's Step; the product is then the same float32 multiplication, so the result is
  ;; bit-identical to tfjs's (0 · Infinity and NaN stay NaN).
  (func (export "reluGrad") (param $x i32) (param $dy i32) (param $out i32) (param $n i32)
    (local $i i32) (local $n4 i32) (local $at i32) (local $xv v128) (local $step v128) (local $xs f32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $i) (local.get $n4)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $xv (v128.load align=4 (i32.add (local.get $x) (local.get $at))))
      ;; 1 where x > 0, else 0; then x itself (NaN) where x is NaN
      (local.set $step (v128.and (f32x4.gt (local.get $xv) (f32x4.splat (f32.const 0))) (f32x4.splat (f32.const 1))))
      (local.set $step (v128.bitselect (local.get $xv) (local.get $step) (f32x4.ne (local.get $xv) (local.get $xv))))
      (v128.store align=4 (i32.add (local.get $out) (local.get $at))
        (f32x4.mul (v128.load align=4 (i32.add (local.get $dy) (local.get $at))) (local.get $step)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $done1 (loop $loop1
      (br_if $done1 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (local.set $xs (f32.load (i32.add (local.get $x) (local.get $at))))
      (f32.store (i32.add (local.get $out) (local.get $at))
        (f32.mul (f32.load (i32.add (local.get $dy) (local.get $at)))
          (if (result f32) (f32.ne (local.get $xs) (local.get $xs))
            (then (local.get $xs))
            (else (select (f32.const 1) (f32.const 0) (f32.gt (local.get $xs) (f32.const 0)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop1))))

  ;; out[r, j] = x[r, j] + b[j] for a [rows, width] x: adding a bias over the last axis (every conv and
  ;; dense layer's bias while training, when tfjs does not fuse it), one float32 add per element as
  ;; tfjs's broadcasting Add does, in one contiguous pass instead of its general broadcast walk.
  (func (export "biasAdd") (param $x i32) (param $b i32) (param $out i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $j i32) (local $w4 i32) (local $row i32) (local $dst i32) (local $at i32)
    (local.set $w4 (i32.and (local.get $width) (i32.const -4)))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $width)) (i32.const 2))))
      (local.set $dst (i32.add (local.get $out) (i32.shl (i32.mul (local.get $r) (local.get $width)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $w4)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (v128.store align=4 (i32.add (local.get $dst) (local.get $at))
          (f32x4.add (v128.load align=4 (i32.add (local.get $row) (local.get $at)))
                     (v128.load align=4 (i32.add (local.get $b) (local.get $at)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jLoop)))
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_s (local.get $j) (local.get $width)))
        (local.set $at (i32.shl (local.get $j) (i32.const 2)))
        (f32.store (i32.add (local.get $dst) (local.get $at))
          (f32.add (f32.load (i32.add (local.get $row) (local.get $at)))
                   (f32.load (i32.add (local.get $b) (local.get $at)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop))))

  ;; out[j] = Σ_r x[r, j] for a [rows, width] float32 matrix: column sums in float64 (like JavaScript
  ;; numbers, so long columns stay exact and the result equals the JavaScript loop's), rounded once to
  ;; float32 at the end. scratch holds width float64 accumulators (8·width bytes).
  (func (export "columnSum")
    (param $x i32) (param $out i32) (param $scratch i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $j i32) (local $w4 i32) (local $row i32) (local $acc i32) (local $v v128)
    (memory.fill (local.get $scratch) (i32.const 0) (i32.shl (local.get $width) (i32.const 3)))
    (local.set $w4 (i32.and (local.get $width) (i32.const -4)))
    (block $rDone (loop $rLoop
      (br_if $rDone (i32.ge_s (local.get $r) (local.get $rows)))
      (local.set $row (i32.add (local.get $x) (i32.shl (i32.mul (local.get $r) (local.get $width)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $jDone (loop $jLoop
        (br_if $jDone (i32.ge_s (local.get $j) (local.get $w4)))
        (local.set $v (v128.load align=4 (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $acc (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3))))
        (v128.store align=8 (local.get $acc)
          (f64x2.add (v128.load align=8 (local.get $acc)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16 align=8 (local.get $acc)
          (f64x2.add (v128.load offset=16 align=8 (local.get $acc))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $jLoop)))
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_s (local.get $j) (local.get $width)))
        (local.set $acc (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3))))
        (f64.store (local.get $acc)
          (f64.add (f64.load (local.get $acc))
            (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (local.get $j) (i32.const 2)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $tLoop)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rLoop)))
    (local.set $j (i32.const 0))
    (block $oDone (loop $oLoop
      (br_if $oDone (i32.ge_s (local.get $j) (local.get $width)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 3))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $oLoop))))

  ;; The transposed patch matrix of images [n0, n1) of an NHWC x: colsT[k, p] for tap k = (fy, fx, c)
  ;; and output position p = (n, oy, ox), i.e. K rows of `rows` = (n1 − n0)·outH·outW floats; taps outside
  ;; the image read as 0. Built in one pass (im2col then a transpose would pass twice): the loops walk
  ;; the channels of one pixel innermost, so reads are contiguous and writes run along K row streams.
  ;; Writes only the rows of filter taps [t0, t1) (tap t = fy·fw + fx, all its channels), so a thread
  ;; pool can split one call by taps.
  (func (export "im2colT")
    (param $x i32) (param $colsT i32) (param $n0 i32) (param $n1 i32)
    (param $inH i32) (param $inW i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (param $t0 i32) (param $t1 i32)
    (local $rows i32) (local $rowBytes i32) (local $fy i32) (local $fx i32) (local $n i32) (local $oy i32)
    (local $ox i32) (local $iy i32) (local $ix i32) (local $c i32) (local $p i32) (local $src i32)
    (local $dst i32) (local $tapBase i32) (local $t i32)
    (local.set $rows (i32.mul (i32.sub (local.get $n1) (local.get $n0)) (i32.mul (local.get $outH) (local.get $outW))))
    (local.set $rowBytes (i32.shl (local.get $rows) (i32.const 2)))
    (if (i32.and (i32.eq (local.get $inC) (i32.const 1)) (i32.eq (local.get $sw) (i32.const 1))) (then
      (call $im2colT1 (local.get $x) (local.get $colsT) (local.get $n0) (local.get $n1) (local.get $inH) (local.get $inW)
        (local.get $outH) (local.get $outW) (local.get $fw) (local.get $sh) (local.get $padTop) (local.get $padLeft)
        (local.get $rowBytes) (local.get $t0) (local.get $t1))
      (return)))
    (local.set $t (local.get $t0))
    (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_s (local.get $t) (local.get $t1)))
        (local.set $fy (i32.div_u (local.get $t) (local.get $fw)))
        (local.set $fx (i32.rem_u (local.get $t) (local.get $fw)))
        ;; byte address of row k = (fy, fx, 0)
        (local.set $tapBase (i32.add (local.get $colsT)
          (i32.mul (i32.mul (i32.add (i32.mul (local.get $fy) (local.get $fw)) (local.get $fx)) (local.get $inC))
                   (local.get $rowBytes))))
        (local.set $p (i32.const 0))
        (local.set $n (local.get $n0))
        (block $nDone (loop $nLoop
          (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
          (local.set $oy (i32.const 0))
          (block $oyDone (loop $oyLoop
            (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
            (local.set $iy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)) (local.get $fy)))
            (local.set $ox (i32.const 0))
            (block $oxDone (loop $oxLoop
              (br_if $oxDone (i32.ge_s (local.get $ox) (local.get $outW)))
              (local.set $ix (i32.add (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $padLeft)) (local.get $fx)))
              (local.set $dst (i32.add (local.get $tapBase) (i32.shl (local.get $p) (i32.const 2))))
              (local.set $c (i32.const 0))
              (if (i32.and
                    (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (local.get $inH)))
                    (i32.and (i32.ge_s (local.get $ix) (i32.const 0)) (i32.lt_s (local.get $ix) (local.get $inW))))
                (then
                  (local.set $src (i32.add (local.get $x) (i32.shl
                    (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $inH)) (local.get $iy)) (local.get $inW))
                                      (local.get $ix))
                             (local.get $inC))
                    (i32.const 2))))
                  (block $cDone (loop $cLoop
                    (br_if $cDone (i32.ge_s (local.get $c) (local.get $inC)))
                    (f32.store (local.get $dst) (f32.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (i32.const 4)))
                    (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $cLoop))))
                (else
                  (block $zDone (loop $zLoop
                    (br_if $zDone (i32.ge_s (local.get $c) (local.get $inC)))
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $zLoop)))))
              (local.set $p (i32.add (local.get $p) (i32.const 1)))
              (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
              (br $oxLoop)))
            (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
            (br $oyLoop)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $nLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tLoop))))

  ;; im2colT for one input channel at column stride 1: each output row of a tap's row of colsT is a run of
  ;; one image row, so it is a memory.copy between zeros (the per-element walk ran at ~7 ns a float here).
  (func $im2colT1
    (param $x i32) (param $colsT i32) (param $n0 i32) (param $n1 i32) (param $inH i32) (param $inW i32)
    (param $outH i32) (param $outW i32) (param $fw i32) (param $sh i32) (param $padTop i32) (param $padLeft i32)
    (param $rowBytes i32) (param $t0 i32) (param $t1 i32)
    (local $t i32) (local $fy i32) (local $fx i32) (local $lo i32) (local $hi i32) (local $n i32) (local $oy i32)
    (local $iy i32) (local $dst i32) (local $outBytes i32)
    (local.set $outBytes (i32.shl (local.get $outW) (i32.const 2)))
    (local.set $t (local.get $t0))
    (block $tDone (loop $tLoop
      (br_if $tDone (i32.ge_s (local.get $t) (local.get $t1)))
      (local.set $fy (i32.div_u (local.get $t) (local.get $fw)))
      (local.set $fx (i32.rem_u (local.get $t) (local.get $fw)))
      ;; output columns whose tap lands inside the image: [lo, hi), input column ox − padLeft + fx
      (local.set $lo (i32.sub (local.get $padLeft) (local.get $fx)))
      (if (i32.lt_s (local.get $lo) (i32.const 0)) (then (local.set $lo (i32.const 0))))
      (local.set $hi (i32.add (i32.sub (local.get $inW) (local.get $fx)) (local.get $padLeft)))
      (if (i32.gt_s (local.get $hi) (local.get $outW)) (then (local.set $hi (local.get $outW))))
      (if (i32.lt_s (local.get $hi) (local.get $lo)) (then (local.set $hi (local.get $lo))))
      (local.set $dst (i32.add (local.get $colsT) (i32.mul (local.get $t) (local.get $rowBytes))))
      (local.set $n (local.get $n0))
      (block $nDone (loop $nLoop
        (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
        (local.set $oy (i32.const 0))
        (block $oyDone (loop $oyLoop
          (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
          (local.set $iy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)) (local.get $fy)))
          (if (i32.or (i32.lt_s (local.get $iy) (i32.const 0)) (i32.ge_s (local.get $iy) (local.get $inH)))
            (then (memory.fill (local.get $dst) (i32.const 0) (local.get $outBytes)))
            (else
              (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $lo) (i32.const 2)))
              (memory.copy
                (i32.add (local.get $dst) (i32.shl (local.get $lo) (i32.const 2)))
                (i32.add (local.get $x) (i32.shl
                  (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $inH)) (local.get $iy)) (local.get $inW))
                           (i32.sub (i32.add (local.get $lo) (local.get $fx)) (local.get $padLeft)))
                  (i32.const 2)))
                (i32.shl (i32.sub (local.get $hi) (local.get $lo)) (i32.const 2)))
              (memory.fill
                (i32.add (local.get $dst) (i32.shl (local.get $hi) (i32.const 2)))
                (i32.const 0)
                (i32.shl (i32.sub (local.get $outW) (local.get $hi)) (i32.const 2)))))
          (local.set $dst (i32.add (local.get $dst) (local.get $outBytes)))
          (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
          (br $oyLoop)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $nLoop)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $tLoop))))

  ;; The adjoint of im2col: zeroes images [n0, n1) of dx, then adds each patch row (from $cols, image n0
  ;; first) back onto the positions it was read from, dropping taps outside the image. Every dx element
  ;; receives its additions in the order (oy, ox, fy) as im2col.ts `col2imAdd` makes them, four lanes at a
  ;; time, so the result is the same float for float. Images are independent (a pool can split them).
  (func (export "col2im")
    (param $cols i32) (param $dx i32) (param $n0 i32) (param $n1 i32)
    (param $inH i32) (param $inW i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $oy i32) (local $ox i32) (local $fy i32) (local $iy i32) (local $iy0 i32)
    (local $ix0 i32) (local $lo i32) (local $hi i32) (local $rowBytes i32) (local $pixBytes i32)
    (local $image i32) (local $src i32) (local $from i32) (local $to i32) (local $end i32) (local $end4 i32)
    (local.set $pixBytes (i32.shl (local.get $inC) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $fw) (local.get $pixBytes)))
    (memory.fill
      (i32.add (local.get $dx) (i32.mul (i32.mul (i32.mul (local.get $n0) (local.get $inH)) (local.get $inW)) (local.get $pixBytes)))
      (i32.const 0)
      (i32.mul (i32.mul (i32.mul (i32.sub (local.get $n1) (local.get $n0)) (local.get $inH)) (local.get $inW)) (local.get $pixBytes)))
    (local.set $src (local.get $cols))
    (local.set $n (local.get $n0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
      (local.set $image (i32.add (local.get $dx)
        (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $inH)) (local.get $inW)) (local.get $pixBytes))))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
        (local.set $iy0 (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_s (local.get $ox) (local.get $outW)))
          (local.set $ix0 (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $padLeft)))
          (local.set $lo (select (i32.sub (i32.const 0) (local.get $ix0)) (i32.const 0) (i32.lt_s (local.get $ix0) (i32.const 0))))
          (local.set $hi (i32.sub (local.get $inW) (local.get $ix0)))
          (if (i32.gt_s (local.get $hi) (local.get $fw)) (then (local.set $hi (local.get $fw))))
          (local.set $fy (i32.const 0))
          (block $fyDone (loop $fyLoop
            (br_if $fyDone (i32.ge_s (local.get $fy) (local.get $fh)))
            (local.set $iy (i32.add (local.get $iy0) (local.get $fy)))
            (if (i32.and (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (local.get $inH)))
                         (i32.gt_s (local.get $hi) (local.get $lo)))
              (then
                (local.set $from (i32.add (local.get $src) (i32.mul (local.get $lo) (local.get $pixBytes))))
                (local.set $to (i32.add (local.get $image)
                  (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $inW)) (i32.add (local.get $ix0) (local.get $lo)))
                           (local.get $pixBytes))))
                (local.set $end (i32.add (local.get $to) (i32.mul (i32.sub (local.get $hi) (local.get $lo)) (local.get $pixBytes))))
                (local.set $end4 (i32.sub (local.get $end) (i32.const 12)))
                (block $vDone (loop $vLoop
                  (br_if $vDone (i32.ge_u (local.get $to) (local.get $end4)))
                  (v128.store (local.get $to) (f32x4.add (v128.load (local.get $to)) (v128.load (local.get $from))))
                  (local.set $to (i32.add (local.get $to) (i32.const 16)))
                  (local.set $from (i32.add (local.get $from) (i32.const 16)))
                  (br $vLoop)))
                (block $sDone (loop $sLoop
                  (br_if $sDone (i32.ge_u (local.get $to) (local.get $end)))
                  (f32.store (local.get $to) (f32.add (f32.load (local.get $to)) (f32.load (local.get $from))))
                  (local.set $to (i32.add (local.get $to) (i32.const 4)))
                  (local.set $from (i32.add (local.get $from) (i32.const 4)))
                  (br $sLoop)))))
            (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
            (local.set $fy (i32.add (local.get $fy) (i32.const 1)))
            (br $fyLoop)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; acc[k, c] += Σ_p colsT[k, p] · dy[p, c] for colsT [K, rows] and dy [rows, outC] (row-major floats):
  ;; the filter gradient of a conv layer with few taps (one input channel: K = fh·fw). XNNPACK would
  ;; repack the whole of dy as its weights on every call and then run a 9-row product, so it reaches only
  ;; a few GFLOP/s here. The positions are walked in blocks of 128 so that a block of dy (and of colsT)
  ;; stays in L1 while every tap reads it; within a block, 16 channels at a time are summed in four
  ;; independent vector accumulators (the add latency, not the loads, bounds one accumulator). Only taps
  ;; [k0, k) are summed (rows k0..k−1 of acc), so a thread pool can split one call by taps.
  (func (export "colsTxDy")
    (param $colsT i32) (param $rows i32) (param $dy i32) (param $outC i32) (param $acc i32) (param $k0 i32) (param $k i32)
    (local $p0 i32) (local $p1 i32) (local $kk i32) (local $c i32) (local $xp i32) (local $xEnd i32)
    (local $dp i32) (local $ap i32) (local $dyRow i32) (local $c16 i32) (local $c4 i32) (local $xv v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f32)
    (local.set $dyRow (i32.shl (local.get $outC) (i32.const 2)))
    (local.set $c16 (i32.and (local.get $outC) (i32.const -16)))
    (local.set $c4 (i32.and (local.get $outC) (i32.const -4)))
    (block $pDone (loop $pLoop
      (br_if $pDone (i32.ge_s (local.get $p0) (local.get $rows)))
      (local.set $p1 (i32.add (local.get $p0) (i32.const 128)))
      (if (i32.gt_s (local.get $p1) (local.get $rows)) (then (local.set $p1 (local.get $rows))))
      (local.set $kk (local.get $k0))
      (block $kDone (loop $kLoop
        (br_if $kDone (i32.ge_s (local.get $kk) (local.get $k)))
        ;; this tap's accumulator row and its run of colsT over the block
        (local.set $ap (i32.add (local.get $acc) (i32.mul (local.get $kk) (local.get $dyRow))))
        (local.set $xEnd (i32.add (local.get $colsT)
          (i32.shl (i32.add (i32.mul (local.get $kk) (local.get $rows)) (local.get $p1)) (i32.const 2))))
        (local.set $c (i32.const 0))
        ;; 16 channels at a time
        (block $gDone (loop $gLoop
          (br_if $gDone (i32.ge_s (local.get $c) (local.get $c16)))
          (local.set $a0 (v128.load align=4 (local.get $ap)))
          (local.set $a1 (v128.load offset=16 align=4 (local.get $ap)))
          (local.set $a2 (v128.load offset=32 align=4 (local.get $ap)))
          (local.set $a3 (v128.load offset=48 align=4 (local.get $ap)))
          (local.set $xp (i32.sub (local.get $xEnd) (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 2))))
          (local.set $dp (i32.add (local.get $dy)
            (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $outC)) (local.get $c)) (i32.const 2))))
          (block $iDone (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $xp) (local.get $xEnd)))
            (local.set $xv (v128.load32_splat align=4 (local.get $xp)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $xv) (v128.load align=4 (local.get $dp)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $xv) (v128.load offset=16 align=4 (local.get $dp)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $xv) (v128.load offset=32 align=4 (local.get $dp)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $xv) (v128.load offset=48 align=4 (local.get $dp)))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
            (local.set $dp (i32.add (local.get $dp) (local.get $dyRow)))
            (br $iLoop)))
          (v128.store align=4 (local.get $ap) (local.get $a0))
          (v128.store offset=16 align=4 (local.get $ap) (local.get $a1))
          (v128.store offset=32 align=4 (local.get $ap) (local.get $a2))
          (v128.store offset=48 align=4 (local.get $ap) (local.get $a3))
          (local.set $ap (i32.add (local.get $ap) (i32.const 64)))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br $gLoop)))
        ;; then 4 at a time
        (block $vDone (loop $vLoop
          (br_if $vDone (i32.ge_s (local.get $c) (local.get $c4)))
          (local.set $a0 (v128.load align=4 (local.get $ap)))
          (local.set $xp (i32.sub (local.get $xEnd) (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 2))))
          (local.set $dp (i32.add (local.get $dy)
            (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $outC)) (local.get $c)) (i32.const 2))))
          (block $jDone (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $xp) (local.get $xEnd)))
            (local.set $a0 (f32x4.add (local.get $a0)
              (f32x4.mul (v128.load32_splat align=4 (local.get $xp)) (v128.load align=4 (local.get $dp)))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
            (local.set $dp (i32.add (local.get $dp) (local.get $dyRow)))
            (br $jLoop)))
          (v128.store align=4 (local.get $ap) (local.get $a0))
          (local.set $ap (i32.add (local.get $ap) (i32.const 16)))
          (local.set $c (i32.add (local.get $c) (i32.const 4)))
          (br $vLoop)))
        ;; and the last channels one by one
        (block $sDone (loop $sLoop
          (br_if $sDone (i32.ge_s (local.get $c) (local.get $outC)))
          (local.set $s (f32.load (local.get $ap)))
          (local.set $xp (i32.sub (local.get $xEnd) (i32.shl (i32.sub (local.get $p1) (local.get $p0)) (i32.const 2))))
          (local.set $dp (i32.add (local.get $dy)
            (i32.shl (i32.add (i32.mul (local.get $p0) (local.get $outC)) (local.get $c)) (i32.const 2))))
          (block $tDone (loop $tLoop
            (br_if $tDone (i32.ge_u (local.get $xp) (local.get $xEnd)))
            (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $xp)) (f32.load (local.get $dp)))))
            (local.set $xp (i32.add (local.get $xp) (i32.const 4)))
            (local.set $dp (i32.add (local.get $dp) (local.get $dyRow)))
            (br $tLoop)))
          (f32.store (local.get $ap) (local.get $s))
          (local.set $ap (i32.add (local.get $ap) (i32.const 4)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $sLoop)))
        (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
        (br $kLoop)))
      (local.set $p0 (local.get $p1))
      (br $pLoop))))

  ;; ---------------------------------------------------------------------------------------------------
  ;; Matrix product C = A·B (or C += A·B) of row-major float32 matrices, A [M, K], B [K, N], C [M, N].
  ;; Two exports: gemmPackB copies B into column panels of 8 (panel p holds columns 8p..8p+7 of every row
  ;; k, [K][8], zero beyond N) so that the product reads B contiguously; gemm then computes the rows
  ;; [m0, m1) of C from A and the packed B, in tiles of 4 rows × 8 columns (8 vector accumulators, the
  ;; most that fit V8's 15 usable xmm registers together with the 2 B and 4 splatted A values loaded per
  ;; step). K is walked in blocks of ≤ 384 and the panels in groups of 32 (256 columns), so that the
  ;; part of packed B one row tile streams (≤ 384·256·4 bytes) stays in L2 for the next row tile. A row of
  ;; C is always computed by the same sequence of operations, whatever [m0, m1) it is part of: threads may
  ;; run disjoint row ranges of one product concurrently and get the same bits as one call.
  ;; The multiply-adds are written f32x4.relaxed_madd (one fused vfmadd231ps on x64 with FMA3);
  ;; scripts/build-wasm-kernels.mjs also builds a plain binary in which each becomes f32x4.mul + f32x4.add,
  ;; for engines without relaxed SIMD. Only this section uses relaxed_madd, and only with local.get operands
  ;; (the build checks both).

  ;; Packs the column panels [p0, p1) of B [K, N] (panel p = columns 8p..8p+7) into packed, panel p at
  ;; float offset p·K·8, laid out [K][8], zeros past column N: ceil(N / 8)·K·8 floats in all. Disjoint
  ;; panel ranges write disjoint parts, so threads can pack one B together.
  (func (export "gemmPackB") (param $b i32) (param $packed i32) (param $k i32) (param $n i32) (param $p0 i32) (param $p1 i32)
    (local $p i32) (local $kk i32) (local $src i32) (local $dst i32) (local $ldb i32) (local $cols i32) (local $j i32)
    (local.set $ldb (i32.shl (local.get $n) (i32.const 2)))
    (local.set $p (local.get $p0))
    (block $pDone (loop $pLoop
      (br_if $pDone (i32.ge_s (local.get $p) (local.get $p1)))
      (local.set $cols (i32.sub (local.get $n) (i32.shl (local.get $p) (i32.const 3))))
      (local.set $dst (i32.add (local.get $packed) (i32.shl (i32.mul (local.get $p) (local.get $k)) (i32.const 5))))
      (local.set $src (i32.add (local.get $b) (i32.shl (local.get $p) (i32.const 5))))
      (local.set $kk (i32.const 0))
      (if (i32.ge_s (local.get $cols) (i32.const 8))
        (then
          (block $kDone (loop $kLoop
            (br_if $kDone (i32.ge_s (local.get $kk) (local.get $k)))
            (v128.store align=4 (local.get $dst) (v128.load align=4 (local.get $src)))
            (v128.store offset=16 align=4 (local.get $dst) (v128.load offset=16 align=4 (local.get $src)))
            (local.set $src (i32.add (local.get $src) (local.get $ldb)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $kLoop))))
        (else
          (block $tDone (loop $tLoop
            (br_if $tDone (i32.ge_s (local.get $kk) (local.get $k)))
            (v128.store align=4 (local.get $dst) (v128.const i32x4 0 0 0 0))
            (v128.store offset=16 align=4 (local.get $dst) (v128.const i32x4 0 0 0 0))
            (local.set $j (i32.const 0))
            (block $jDone (loop $jLoop
              (br_if $jDone (i32.ge_s (local.get $j) (local.get $cols)))
              (f32.store (i32.add (local.get $dst) (i32.shl (local.get $j) (i32.const 2)))
                (f32.load (i32.add (local.get $src) (i32.shl (local.get $j) (i32.const 2)))))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br $jLoop)))
            (local.set $src (i32.add (local.get $src) (local.get $ldb)))
            (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
            (local.set $kk (i32.add (local.get $kk) (i32.const 1)))
            (br $tLoop)))))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br $pLoop))))

  ;; One 4×8 tile of C: rows a0..a3 of A (byte pointers at column k0), kc steps of packed B from bp,
  ;; C's tile at cp (row pitch ldc bytes). Only `rows` (1..4) rows and `cols` (clamped to 8) columns are
  ;; real; the caller points the missing rows' A at the last real row, and their results are dropped.
  ;; load = 0: start from zero; 1: start from C (accumulation, or a later K block).
  (func $tile4
    (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (param $bp i32) (param $kc i32)
    (param $cp i32) (param $ldc i32) (param $rows i32) (param $cols i32) (param $load i32)
    (local $kEnd i32) (local $kLast i32) (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128) (local $b0 v128) (local $b1 v128) (local $av v128)
    (local $p i32)
    (if (local.get $load) (then
      (local.set $p (local.get $cp))
      (local.set $c00 (call $loadC (local.get $p) (local.get $cols)))
      (local.set $c01 (call $loadC (i32.add (local.get $p) (i32.const 16)) (i32.sub (local.get $cols) (i32.const 4))))
      (if (i32.lt_s (i32.const 1) (local.get $rows)) (then (local.set $p (i32.add (local.get $p) (local.get $ldc)))))
      (local.set $c10 (call $loadC (local.get $p) (local.get $cols)))
      (local.set $c11 (call $loadC (i32.add (local.get $p) (i32.const 16)) (i32.sub (local.get $cols) (i32.const 4))))
      (if (i32.lt_s (i32.const 2) (local.get $rows)) (then (local.set $p (i32.add (local.get $p) (local.get $ldc)))))
      (local.set $c20 (call $loadC (local.get $p) (local.get $cols)))
      (local.set $c21 (call $loadC (i32.add (local.get $p) (i32.const 16)) (i32.sub (local.get $cols) (i32.const 4))))
      (if (i32.lt_s (i32.const 3) (local.get $rows)) (then (local.set $p (i32.add (local.get $p) (local.get $ldc)))))
      (local.set $c30 (call $loadC (local.get $p) (local.get $cols)))
      (local.set $c31 (call $loadC (i32.add (local.get $p) (i32.const 16)) (i32.sub (local.get $cols) (i32.const 4))))
))
    ;; Four k steps per turn with an exit test after each: V8 sinks the multiply-adds of a step to the
    ;; end of its basic block, so without the tests the loads of all four steps would be live at once and
    ;; spill (measured: a plain 2-step unroll of this tile ran at 19 GFLOP/s, this one at 38–41).
    (local.set $kEnd (i32.add (local.get $bp) (i32.shl (local.get $kc) (i32.const 5))))
    (local.set $kLast (i32.sub (local.get $kEnd) (i32.const 32)))
    (if (i32.gt_s (local.get $kc) (i32.const 0)) (then
    (block $done (loop $loop
      (local.set $b0 (v128.load offset=0 align=4 (local.get $bp)))
      (local.set $b1 (v128.load offset=16 align=4 (local.get $bp)))
      (local.set $av (v128.load32_splat offset=0 align=4 (local.get $a0)))
      (local.set $c00 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c00)))
      (local.set $c01 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c01)))
      (local.set $av (v128.load32_splat offset=0 align=4 (local.get $a1)))
      (local.set $c10 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c10)))
      (local.set $c11 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c11)))
      (local.set $av (v128.load32_splat offset=0 align=4 (local.get $a2)))
      (local.set $c20 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c20)))
      (local.set $c21 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c21)))
      (local.set $av (v128.load32_splat offset=0 align=4 (local.get $a3)))
      (local.set $c30 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c30)))
      (local.set $c31 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c31)))
      (br_if $done (i32.ge_u (local.get $bp) (i32.sub (local.get $kEnd) (i32.const 32))))
      (local.set $b0 (v128.load offset=32 align=4 (local.get $bp)))
      (local.set $b1 (v128.load offset=48 align=4 (local.get $bp)))
      (local.set $av (v128.load32_splat offset=4 align=4 (local.get $a0)))
      (local.set $c00 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c00)))
      (local.set $c01 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c01)))
      (local.set $av (v128.load32_splat offset=4 align=4 (local.get $a1)))
      (local.set $c10 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c10)))
      (local.set $c11 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c11)))
      (local.set $av (v128.load32_splat offset=4 align=4 (local.get $a2)))
      (local.set $c20 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c20)))
      (local.set $c21 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c21)))
      (local.set $av (v128.load32_splat offset=4 align=4 (local.get $a3)))
      (local.set $c30 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c30)))
      (local.set $c31 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c31)))
      (br_if $done (i32.ge_u (local.get $bp) (i32.sub (local.get $kEnd) (i32.const 64))))
      (local.set $b0 (v128.load offset=64 align=4 (local.get $bp)))
      (local.set $b1 (v128.load offset=80 align=4 (local.get $bp)))
      (local.set $av (v128.load32_splat offset=8 align=4 (local.get $a0)))
      (local.set $c00 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c00)))
      (local.set $c01 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c01)))
      (local.set $av (v128.load32_splat offset=8 align=4 (local.get $a1)))
      (local.set $c10 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c10)))
      (local.set $c11 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c11)))
      (local.set $av (v128.load32_splat offset=8 align=4 (local.get $a2)))
      (local.set $c20 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c20)))
      (local.set $c21 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c21)))
      (local.set $av (v128.load32_splat offset=8 align=4 (local.get $a3)))
      (local.set $c30 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c30)))
      (local.set $c31 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c31)))
      (br_if $done (i32.ge_u (local.get $bp) (i32.sub (local.get $kEnd) (i32.const 96))))
      (local.set $b0 (v128.load offset=96 align=4 (local.get $bp)))
      (local.set $b1 (v128.load offset=112 align=4 (local.get $bp)))
      (local.set $av (v128.load32_splat offset=12 align=4 (local.get $a0)))
      (local.set $c00 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c00)))
      (local.set $c01 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c01)))
      (local.set $av (v128.load32_splat offset=12 align=4 (local.get $a1)))
      (local.set $c10 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c10)))
      (local.set $c11 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c11)))
      (local.set $av (v128.load32_splat offset=12 align=4 (local.get $a2)))
      (local.set $c20 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c20)))
      (local.set $c21 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c21)))
      (local.set $av (v128.load32_splat offset=12 align=4 (local.get $a3)))
      (local.set $c30 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c30)))
      (local.set $c31 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c31)))
      (local.set $bp (i32.add (local.get $bp) (i32.const 128)))
      (local.set $a0 (i32.add (local.get $a0) (i32.const 16)))
      (local.set $a1 (i32.add (local.get $a1) (i32.const 16)))
      (local.set $a2 (i32.add (local.get $a2) (i32.const 16)))
      (local.set $a3 (i32.add (local.get $a3) (i32.const 16)))
      (br_if $loop (i32.lt_u (local.get $bp) (local.get $kEnd)))))))

    ;; store the real rows (full panels without the lane-by-lane helper: it matters when K is short)
    (if (i32.gt_s (local.get $rows) (i32.const 0)) (then
      (if (i32.ge_s (local.get $cols) (i32.const 8)) (then
        (v128.store align=4 (local.get $cp) (local.get $c00))
        (v128.store offset=16 align=4 (local.get $cp) (local.get $c01)))
      (else
      (call $storeC (local.get $cp) (local.get $c00) (local.get $cols))
      (call $storeC (i32.add (local.get $cp) (i32.const 16)) (local.get $c01) (i32.sub (local.get $cols) (i32.const 4)))))
      (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))))
    (if (i32.gt_s (local.get $rows) (i32.const 1)) (then
      (if (i32.ge_s (local.get $cols) (i32.const 8)) (then
        (v128.store align=4 (local.get $cp) (local.get $c10))
        (v128.store offset=16 align=4 (local.get $cp) (local.get $c11)))
      (else
      (call $storeC (local.get $cp) (local.get $c10) (local.get $cols))
      (call $storeC (i32.add (local.get $cp) (i32.const 16)) (local.get $c11) (i32.sub (local.get $cols) (i32.const 4)))))
      (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))))
    (if (i32.gt_s (local.get $rows) (i32.const 2)) (then
      (if (i32.ge_s (local.get $cols) (i32.const 8)) (then
        (v128.store align=4 (local.get $cp) (local.get $c20))
        (v128.store offset=16 align=4 (local.get $cp) (local.get $c21)))
      (else
      (call $storeC (local.get $cp) (local.get $c20) (local.get $cols))
      (call $storeC (i32.add (local.get $cp) (i32.const 16)) (local.get $c21) (i32.sub (local.get $cols) (i32.const 4)))))
      (local.set $cp (i32.add (local.get $cp) (local.get $ldc)))))
    (if (i32.gt_s (local.get $rows) (i32.const 3)) (then
      (if (i32.ge_s (local.get $cols) (i32.const 8)) (then
        (v128.store align=4 (local.get $cp) (local.get $c30))
        (v128.store offset=16 align=4 (local.get $cp) (local.get $c31)))
      (else
      (call $storeC (local.get $cp) (local.get $c30) (local.get $cols))
      (call $storeC (i32.add (local.get $cp) (i32.const 16)) (local.get $c31) (i32.sub (local.get $cols) (i32.const 4)))))
      (local.set $cp (i32.add (local.get $cp) (local.get $ldc))))))

  ;; The first n lanes (n ≤ 0: none, ≥ 4: all) of the 4 floats at p, the others 0: never reads past them.
  (func $loadC (param $p i32) (param $n i32) (result v128)
    (local $v v128)
    (if (i32.ge_s (local.get $n) (i32.const 4)) (then (return (v128.load align=4 (local.get $p)))))
    (if (i32.le_s (local.get $n) (i32.const 0)) (then (return (v128.const i32x4 0 0 0 0))))
    (local.set $v (f32x4.replace_lane 0 (local.get $v) (f32.load (local.get $p))))
    (if (i32.ge_s (local.get $n) (i32.const 2)) (then (local.set $v (f32x4.replace_lane 1 (local.get $v) (f32.load offset=4 (local.get $p))))))
    (if (i32.ge_s (local.get $n) (i32.const 3)) (then (local.set $v (f32x4.replace_lane 2 (local.get $v) (f32.load offset=8 (local.get $p))))))
    (local.get $v))

  ;; Stores the first n lanes of v at p (n ≤ 0: none, ≥ 4: all).
  (func $storeC (param $p i32) (param $v v128) (param $n i32)
    (if (i32.ge_s (local.get $n) (i32.const 4)) (then (v128.store align=4 (local.get $p) (local.get $v)) (return)))
    (if (i32.le_s (local.get $n) (i32.const 0)) (then (return)))
    (f32.store (local.get $p) (f32x4.extract_lane 0 (local.get $v)))
    (if (i32.ge_s (local.get $n) (i32.const 2)) (then (f32.store offset=4 (local.get $p) (f32x4.extract_lane 1 (local.get $v)))))
    (if (i32.ge_s (local.get $n) (i32.const 3)) (then (f32.store offset=8 (local.get $p) (f32x4.extract_lane 2 (local.get $v))))))

  ;; C[m0..m1, panels p0..p1] = A[m0..m1, :]·B (accumulate = 0) or += it (accumulate = 1), B packed by
  ;; gemmPackB, panel p = columns 8p..8p+7. Writes only those rows and columns of C, so threads can split a
  ;; product by rows (a tall A) or by panels (a wide B: each thread then streams only its part of B).
  ;; Rows are taken 4 at a time from m0; a last partial tile recomputes its last real row in the missing
  ;; slots.
  (func (export "gemm") (param $a i32) (param $packed i32) (param $c i32) (param $m0 i32) (param $m1 i32)
    (param $k i32) (param $n i32) (param $accumulate i32) (param $p0 i32) (param $p1 i32)
    (local $kb0 i32) (local $kc i32) (local $kBlocks i32) (local $panels i32) (local $i i32) (local $p i32)
    (local $rows i32) (local $last i32) (local $pb0 i32) (local $pb1 i32) (local $lda i32) (local $ldc i32) (local $row0 i32) (local $load i32)
    (local $r0 i32) (local $r1 i32) (local $r2 i32) (local $r3 i32)
    (if (i32.ge_s (local.get $m0) (local.get $m1)) (then (return)))
    (if (i32.ge_s (local.get $p0) (local.get $p1)) (then (return)))
    ;; an empty sum: zeros (in this part's columns), or C unchanged
    (if (i32.le_s (local.get $k) (i32.const 0)) (then
      (if (i32.eqz (local.get $accumulate)) (then
        (local.set $pb1 (i32.shl (local.get $p1) (i32.const 3)))
        (if (i32.gt_s (local.get $pb1) (local.get $n)) (then (local.set $pb1 (local.get $n))))
        (if (i32.le_s (local.get $pb1) (i32.shl (local.get $p0) (i32.const 3))) (then (return)))
        (local.set $i (local.get $m0))
        (block $zDone (loop $zLoop
          (br_if $zDone (i32.ge_s (local.get $i) (local.get $m1)))
          (memory.fill
            (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (i32.shl (local.get $p0) (i32.const 3))) (i32.const 2)))
            (i32.const 0)
            (i32.shl (i32.sub (local.get $pb1) (i32.shl (local.get $p0) (i32.const 3))) (i32.const 2)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $zLoop)))))
      (return)))
    (local.set $lda (i32.shl (local.get $k) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $n) (i32.const 2)))
    (local.set $panels (i32.shr_u (i32.add (local.get $n) (i32.const 7)) (i32.const 3)))
    (if (i32.lt_s (local.get $p1) (local.get $panels)) (then (local.set $panels (local.get $p1))))
    (local.set $kBlocks (i32.div_u (i32.add (local.get $k) (i32.const 383)) (i32.const 384)))
    (if (i32.eqz (local.get $kBlocks)) (then (local.set $kBlocks (i32.const 1))))
    (local.set $kb0 (i32.const 0))
    (block $kbDone (loop $kbLoop
      (br_if $kbDone (i32.ge_s (local.get $kb0) (local.get $k)))
      ;; ceil(K / 384) blocks of near-equal size (K = 400: 200 + 200, not 384 + 16)
      (local.set $kc (i32.div_u (i32.add (i32.sub (local.get $k) (local.get $kb0)) (i32.sub (local.get $kBlocks) (i32.const 1))) (local.get $kBlocks)))
      (local.set $kBlocks (i32.sub (local.get $kBlocks) (i32.const 1)))
      (local.set $load (i32.or (local.get $accumulate) (i32.ne (local.get $kb0) (i32.const 0))))
      (local.set $pb0 (local.get $p0))
      (block $pbDone (loop $pbLoop
      (br_if $pbDone (i32.ge_s (local.get $pb0) (local.get $panels)))
      (local.set $pb1 (i32.add (local.get $pb0) (i32.const 32)))
      (if (i32.gt_s (local.get $pb1) (local.get $panels)) (then (local.set $pb1 (local.get $panels))))
      (local.set $i (local.get $m0))
      (block $iDone (loop $iLoop
        (br_if $iDone (i32.ge_s (local.get $i) (local.get $m1)))
        (local.set $rows (i32.sub (local.get $m1) (local.get $i)))
        (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        (local.set $last (i32.sub (local.get $rows) (i32.const 1)))
        (local.set $row0 (i32.add (local.get $a) (i32.add (i32.mul (local.get $i) (local.get $lda)) (i32.shl (local.get $kb0) (i32.const 2)))))
        (local.set $r0 (i32.add (local.get $row0) (i32.mul (select (i32.const 0) (local.get $last) (i32.lt_s (i32.const 0) (local.get $rows))) (local.get $lda))))
        (local.set $r1 (i32.add (local.get $row0) (i32.mul (select (i32.const 1) (local.get $last) (i32.lt_s (i32.const 1) (local.get $rows))) (local.get $lda))))
        (local.set $r2 (i32.add (local.get $row0) (i32.mul (select (i32.const 2) (local.get $last) (i32.lt_s (i32.const 2) (local.get $rows))) (local.get $lda))))
        (local.set $r3 (i32.add (local.get $row0) (i32.mul (select (i32.const 3) (local.get $last) (i32.lt_s (i32.const 3) (local.get $rows))) (local.get $lda))))
        (local.set $p (local.get $pb0))
        (block $pDone (loop $pLoop
          (br_if $pDone (i32.ge_s (local.get $p) (local.get $pb1)))
          (call $tile4 (local.get $r0) (local.get $r1) (local.get $r2) (local.get $r3)
            (i32.add (local.get $packed) (i32.shl (i32.add (i32.mul (local.get $p) (local.get $k)) (local.get $kb0)) (i32.const 5)))
            (local.get $kc)
            (i32.add (local.get $c) (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $p) (i32.const 5))))
            (local.get $ldc) (local.get $rows)
            (i32.sub (local.get $n) (i32.shl (local.get $p) (i32.const 3)))
            (local.get $load))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $pLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $iLoop)))
      (local.set $pb0 (local.get $pb1))
      (br $pbLoop)))
      (local.set $kb0 (i32.add (local.get $kb0) (local.get $kc)))
      (br $kbLoop))))

  ;; ---------------------------------------------------------------------------------------------------
  ;; Convolution without a patch matrix, for layers with few taps (a first layer: 3×3 over 1 channel):
  ;; y [n, oy, ox, :] = Σ over (fy, fx, c) of xp [n, oy·sh + fy, ox·sw + fx, c] · w [fy, fx, c, :], with xp the
  ;; input already zero-padded ([n, inHp, inWp, inC], so no tap is ever outside it), w the filter as it
  ;; lies ([fh·fw·inC, outC], outC a multiple of 32). One output pixel × 32 channels at a time: 8 vector
  ;; sums, and per tap one splat of the input and 8 multiply-adds with a row of w read in place (no
  ;; packing, no patch matrix; for a filter row fy the taps (fx, c) are fw·inC consecutive floats of xp).
  ;; Writes only images [n0, n1) of y, so a pool can split by images.
  (func (export "convDirect")
    (param $xp i32) (param $w i32) (param $y i32) (param $n0 i32) (param $n1 i32)
    (param $inHp i32) (param $inWp i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $outC i32)
    (local $n i32) (local $oy i32) (local $ox i32) (local $fy i32) (local $g i32) (local $t i32) (local $run i32)
    (local $rowBytes i32) (local $ldw i32) (local $a i32) (local $wp i32) (local $out i32) (local $pixel i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128) (local $av v128) (local $wv v128)
    (local.set $run (i32.mul (local.get $fw) (local.get $inC)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $inWp) (local.get $inC)) (i32.const 2)))
    (local.set $ldw (i32.shl (local.get $outC) (i32.const 2)))
    (local.set $out (i32.add (local.get $y) (i32.mul (i32.mul (i32.mul (local.get $n0) (local.get $outH)) (local.get $outW)) (local.get $ldw))))
    (local.set $n (local.get $n0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_s (local.get $ox) (local.get $outW)))
          ;; byte address of xp [n, oy·sh, ox·sw, 0]
          (local.set $pixel (i32.add (local.get $xp) (i32.add
            (i32.mul (i32.add (i32.mul (local.get $n) (local.get $inHp)) (i32.mul (local.get $oy) (local.get $sh))) (local.get $rowBytes))
            (i32.shl (i32.mul (i32.mul (local.get $ox) (local.get $sw)) (local.get $inC)) (i32.const 2)))))
          (local.set $g (i32.const 0))
          (block $gDone (loop $gLoop
            (br_if $gDone (i32.ge_s (local.get $g) (local.get $ldw)))
            (local.set $c0 (v128.const i32x4 0 0 0 0)) (local.set $c1 (v128.const i32x4 0 0 0 0))
            (local.set $c2 (v128.const i32x4 0 0 0 0)) (local.set $c3 (v128.const i32x4 0 0 0 0))
            (local.set $c4 (v128.const i32x4 0 0 0 0)) (local.set $c5 (v128.const i32x4 0 0 0 0))
            (local.set $c6 (v128.const i32x4 0 0 0 0)) (local.set $c7 (v128.const i32x4 0 0 0 0))
            (local.set $wp (i32.add (local.get $w) (local.get $g)))
            (local.set $fy (i32.const 0))
            (block $fyDone (loop $fyLoop
              (br_if $fyDone (i32.ge_s (local.get $fy) (local.get $fh)))
              (local.set $a (i32.add (local.get $pixel) (i32.mul (local.get $fy) (local.get $rowBytes))))
              (local.set $t (i32.const 0))
              (block $tDone (loop $tLoop
                (br_if $tDone (i32.ge_s (local.get $t) (local.get $run)))
                (local.set $av (v128.load32_splat align=4 (local.get $a)))
                (local.set $wv (v128.load offset=0 align=4 (local.get $wp)))
                (local.set $c0 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c0)))
                (local.set $wv (v128.load offset=16 align=4 (local.get $wp)))
                (local.set $c1 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c1)))
                (local.set $wv (v128.load offset=32 align=4 (local.get $wp)))
                (local.set $c2 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c2)))
                (local.set $wv (v128.load offset=48 align=4 (local.get $wp)))
                (local.set $c3 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c3)))
                (local.set $wv (v128.load offset=64 align=4 (local.get $wp)))
                (local.set $c4 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c4)))
                (local.set $wv (v128.load offset=80 align=4 (local.get $wp)))
                (local.set $c5 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c5)))
                (local.set $wv (v128.load offset=96 align=4 (local.get $wp)))
                (local.set $c6 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c6)))
                (local.set $wv (v128.load offset=112 align=4 (local.get $wp)))
                (local.set $c7 (f32x4.relaxed_madd (local.get $av) (local.get $wv) (local.get $c7)))
                (local.set $a (i32.add (local.get $a) (i32.const 4)))
                (local.set $wp (i32.add (local.get $wp) (local.get $ldw)))
                (local.set $t (i32.add (local.get $t) (i32.const 1)))
                (br $tLoop)))
              (local.set $fy (i32.add (local.get $fy) (i32.const 1)))
              (br $fyLoop)))
            (v128.store offset=0 align=4 (local.get $out) (local.get $c0))
            (v128.store offset=16 align=4 (local.get $out) (local.get $c1))
            (v128.store offset=32 align=4 (local.get $out) (local.get $c2))
            (v128.store offset=48 align=4 (local.get $out) (local.get $c3))
            (v128.store offset=64 align=4 (local.get $out) (local.get $c4))
            (v128.store offset=80 align=4 (local.get $out) (local.get $c5))
            (v128.store offset=96 align=4 (local.get $out) (local.get $c6))
            (v128.store offset=112 align=4 (local.get $out) (local.get $c7))
            (local.set $out (i32.add (local.get $out) (i32.const 128)))
            (local.set $g (i32.add (local.get $g) (i32.const 128)))
            (br $gLoop)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; Images [n0, n1) of xp [n, inHp, inWp, c] = x [n, inH, inW, c] with `top` zero rows above and `left`
  ;; zero columns before it (and zeros after, up to inHp × inWp): the input of convDirect. tfjs-wasm's
  ;; PadV2 took 1.2 ms for a batch of 64 MNIST images, ten times a copy; this is one fill and a
  ;; memory.copy per image row. Images are independent, so a pool can split them.
  (func (export "padImages")
    (param $x i32) (param $xp i32) (param $n0 i32) (param $n1 i32) (param $inH i32) (param $inW i32) (param $c i32)
    (param $inHp i32) (param $inWp i32) (param $top i32) (param $left i32)
    (local $n i32) (local $iy i32) (local $rowBytes i32) (local $padRowBytes i32) (local $imageBytes i32) (local $dst i32) (local $src i32)
    (local.set $rowBytes (i32.shl (i32.mul (local.get $inW) (local.get $c)) (i32.const 2)))
    (local.set $padRowBytes (i32.shl (i32.mul (local.get $inWp) (local.get $c)) (i32.const 2)))
    (local.set $imageBytes (i32.mul (local.get $inHp) (local.get $padRowBytes)))
    (local.set $n (local.get $n0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
      (local.set $dst (i32.add (local.get $xp) (i32.mul (local.get $n) (local.get $imageBytes))))
      (memory.fill (local.get $dst) (i32.const 0) (local.get $imageBytes))
      (local.set $dst (i32.add (local.get $dst) (i32.add
        (i32.mul (local.get $top) (local.get $padRowBytes))
        (i32.shl (i32.mul (local.get $left) (local.get $c)) (i32.const 2)))))
      (local.set $src (i32.add (local.get $x) (i32.mul (i32.mul (local.get $n) (local.get $inH)) (local.get $rowBytes))))
      (local.set $iy (i32.const 0))
      (block $yDone (loop $yLoop
        (br_if $yDone (i32.ge_s (local.get $iy) (local.get $inH)))
        (memory.copy (local.get $dst) (local.get $src) (local.get $rowBytes))
        (local.set $dst (i32.add (local.get $dst) (local.get $padRowBytes)))
        (local.set $src (i32.add (local.get $src) (local.get $rowBytes)))
        (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
        (br $yLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; out = max(x, 0) for n floats: Relu. f32x4.max keeps a NaN a NaN (as tfjs's cpu Relu, x < 0 ? 0 : x).
  ;; Elementwise, so a pool can split it anywhere.
  (func (export "relu") (param $x i32) (param $out i32) (param $n i32)
    (local $i i32) (local $n4 i32) (local $at i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $done (loop $loop
      (br_if $done (i32.ge_s (local.get $i) (local.get $n4)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (v128.store align=4 (i32.add (local.get $out) (local.get $at))
        (f32x4.max (v128.load align=4 (i32.add (local.get $x) (local.get $at))) (v128.const i32x4 0 0 0 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $loop)))
    (block $done1 (loop $loop1
      (br_if $done1 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $at (i32.shl (local.get $i) (i32.const 2)))
      (f32.store (i32.add (local.get $out) (local.get $at))
        (f32.max (f32.load (i32.add (local.get $x) (local.get $at))) (f32.const 0)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop1))))

  ;; Max pooling of images [n0, n1) of an NHWC x into y: each output pixel is the channel-wise maximum
  ;; of the window's pixels inside the image (padding never wins, as in tfjs), 4 channels at a time
  ;; (c a multiple of 4; f32x4.max keeps NaN). Writes only those images of y, so a pool can split by images.
  (func (export "maxPool")
    (param $x i32) (param $y i32) (param $n0 i32) (param $n1 i32)
    (param $inH i32) (param $inW i32) (param $c i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $oy i32) (local $ox i32) (local $y0 i32) (local $y1 i32) (local $x0 i32) (local $x1 i32)
    (local $iy i32) (local $ix i32) (local $ch i32) (local $pixBytes i32) (local $image i32) (local $out i32)
    (local $src i32) (local $m v128)
    (local.set $pixBytes (i32.shl (local.get $c) (i32.const 2)))
    (local.set $out (i32.add (local.get $y) (i32.mul (i32.mul (i32.mul (local.get $n0) (local.get $outH)) (local.get $outW)) (local.get $pixBytes))))
    (local.set $n (local.get $n0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
      (local.set $image (i32.add (local.get $x) (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $inH)) (local.get $inW)) (local.get $pixBytes))))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
        (local.set $y0 (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)))
        (local.set $y1 (i32.add (local.get $y0) (local.get $fh)))
        (if (i32.lt_s (local.get $y0) (i32.const 0)) (then (local.set $y0 (i32.const 0))))
        (if (i32.gt_s (local.get $y1) (local.get $inH)) (then (local.set $y1 (local.get $inH))))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_s (local.get $ox) (local.get $outW)))
          (local.set $x0 (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $padLeft)))
          (local.set $x1 (i32.add (local.get $x0) (local.get $fw)))
          (if (i32.lt_s (local.get $x0) (i32.const 0)) (then (local.set $x0 (i32.const 0))))
          (if (i32.gt_s (local.get $x1) (local.get $inW)) (then (local.set $x1 (local.get $inW))))
          (local.set $ch (i32.const 0))
          (block $cDone (loop $cLoop
            (br_if $cDone (i32.ge_s (local.get $ch) (local.get $pixBytes)))
            ;; −Infinity: what an empty window gives in tfjs, and never more than a real value
            (local.set $m (f32x4.splat (f32.const -inf)))
            (local.set $iy (local.get $y0))
            (block $iyDone (loop $iyLoop
              (br_if $iyDone (i32.ge_s (local.get $iy) (local.get $y1)))
              (local.set $src (i32.add (local.get $image) (i32.add
                (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $inW)) (local.get $x0)) (local.get $pixBytes))
                (local.get $ch))))
              (local.set $ix (local.get $x0))
              (block $ixDone (loop $ixLoop
                (br_if $ixDone (i32.ge_s (local.get $ix) (local.get $x1)))
                (local.set $m (f32x4.max (local.get $m) (v128.load align=4 (local.get $src))))
                (local.set $src (i32.add (local.get $src) (local.get $pixBytes)))
                (local.set $ix (i32.add (local.get $ix) (i32.const 1)))
                (br $ixLoop)))
              (local.set $iy (i32.add (local.get $iy) (i32.const 1)))
              (br $iyLoop)))
            (v128.store align=4 (i32.add (local.get $out) (local.get $ch)) (local.get $m))
            (local.set $ch (i32.add (local.get $ch) (i32.const 16)))
            (br $cLoop)))
          (local.set $out (i32.add (local.get $out) (local.get $pixBytes)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; Convolution as an implicit matrix product, for layers with many taps: y [P, outC] = cols [P, K] · W
  ;; [K, outC] with cols never built. xp is the input already zero-padded ([n, inHp, inWp, inC]); for a
  ;; filter row fy the taps (fx, c) of an output position are fw·inC consecutive floats of xp, so tile4
  ;; runs 4 output positions × 8 channels over that run (K offset fy·fw·inC of W packed by gemmPackB),
  ;; storing after each filter row and adding onto it for the next. The multiply-adds of every output
  ;; are those of the patch route, in the same order. A patch matrix (9 × the input, 14 MB for the
  ;; Fashion CNN's second layer) is written and read back no more; the padded images stay in cache.
  ;; Writes only images [n0, n1) of y, so a pool can split by images.
  (func (export "convImplicit")
    (param $xp i32) (param $packed i32) (param $y i32) (param $n0 i32) (param $n1 i32)
    (param $inHp i32) (param $inWp i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $outC i32)
    (local $n i32) (local $t i32) (local $positions i32) (local $rows i32) (local $fy i32) (local $p i32) (local $panels i32)
    (local $run i32) (local $taps i32) (local $rowBytes i32) (local $ldc i32) (local $image i32) (local $cp i32) (local $bp i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $fyBytes i32)
    (local.set $positions (i32.mul (local.get $outH) (local.get $outW)))
    (local.set $panels (i32.shr_u (i32.add (local.get $outC) (i32.const 7)) (i32.const 3)))
    (local.set $run (i32.mul (local.get $fw) (local.get $inC)))
    (local.set $taps (i32.mul (local.get $fh) (local.get $run)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $inWp) (local.get $inC)) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $outC) (i32.const 2)))
    (local.set $n (local.get $n0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $n1)))
      (local.set $image (i32.add (local.get $xp) (i32.mul (i32.mul (local.get $n) (local.get $inHp)) (local.get $rowBytes))))
      (local.set $t (i32.const 0))
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_s (local.get $t) (local.get $positions)))
        (local.set $rows (i32.sub (local.get $positions) (local.get $t)))
        (if (i32.gt_s (local.get $rows) (i32.const 4)) (then (local.set $rows (i32.const 4))))
        ;; the 4 positions' first taps (a missing one repeats the last real position)
        (local.set $q0 (call $tapStart (local.get $image) (local.get $t) (local.get $outW) (local.get $sh) (local.get $sw) (local.get $rowBytes) (local.get $inC)))
        (local.set $q1 (call $tapStart (local.get $image) (i32.add (local.get $t) (select (i32.const 1) (i32.sub (local.get $rows) (i32.const 1)) (i32.gt_s (local.get $rows) (i32.const 1)))) (local.get $outW) (local.get $sh) (local.get $sw) (local.get $rowBytes) (local.get $inC)))
        (local.set $q2 (call $tapStart (local.get $image) (i32.add (local.get $t) (select (i32.const 2) (i32.sub (local.get $rows) (i32.const 1)) (i32.gt_s (local.get $rows) (i32.const 2)))) (local.get $outW) (local.get $sh) (local.get $sw) (local.get $rowBytes) (local.get $inC)))
        (local.set $q3 (call $tapStart (local.get $image) (i32.add (local.get $t) (select (i32.const 3) (i32.sub (local.get $rows) (i32.const 1)) (i32.gt_s (local.get $rows) (i32.const 3)))) (local.get $outW) (local.get $sh) (local.get $sw) (local.get $rowBytes) (local.get $inC)))
        (local.set $p (i32.const 0))
        (block $pDone (loop $pLoop
          (br_if $pDone (i32.ge_s (local.get $p) (local.get $panels)))
          (local.set $cp (i32.add (local.get $y) (i32.add
            (i32.mul (i32.add (i32.mul (local.get $n) (local.get $positions)) (local.get $t)) (local.get $ldc))
            (i32.shl (local.get $p) (i32.const 5)))))
          (local.set $bp (i32.add (local.get $packed) (i32.shl (i32.mul (local.get $p) (local.get $taps)) (i32.const 5))))
          (local.set $fy (i32.const 0))
          (block $fyDone (loop $fyLoop
            (br_if $fyDone (i32.ge_s (local.get $fy) (local.get $fh)))
            (local.set $fyBytes (i32.mul (local.get $fy) (local.get $rowBytes)))
            (call $tile4
              (i32.add (local.get $q0) (local.get $fyBytes)) (i32.add (local.get $q1) (local.get $fyBytes))
              (i32.add (local.get $q2) (local.get $fyBytes)) (i32.add (local.get $q3) (local.get $fyBytes))
              (i32.add (local.get $bp) (i32.shl (i32.mul (local.get $fy) (local.get $run)) (i32.const 5)))
              (local.get $run)
              (local.get $cp) (local.get $ldc) (local.get $rows)
              (i32.sub (local.get $outC) (i32.shl (local.get $p) (i32.const 3)))
              (i32.ne (local.get $fy) (i32.const 0)))
            (local.set $fy (i32.add (local.get $fy) (i32.const 1)))
            (br $fyLoop)))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $pLoop)))
        (local.set $t (i32.add (local.get $t) (i32.const 4)))
        (br $tLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; Conv2DBackpropFilter as an implicit product, for layers with many taps: dWᵀ [outC, K] = dyᵀ [outC, P]
  ;; · cols [P, K] with cols never built (the patch route wrote and read back a 40 MB transposed patch
  ;; matrix for the MNIST CNN's second layer on every step). For a filter row fy, a position's taps (fx, c)
  ;; are fw·inC consecutive floats of the padded xp, so a tile of 4 output channels × 8 taps takes, per
  ;; output position, its 4 channels of dy (consecutive floats, splatted) and 8 taps of xp (two vectors).
  ;; Images are walked outermost, so that one image's xp and dy stay in cache while every tile of the
  ;; range reads them; a tile's sums go to `scratch` (dWᵀ, [outC, K]) between images and, after the last,
  ;; transposed into dw [K, outC]. Needs outC % 4 = 0 and fw·inC % 8 = 0 (a tile's 8 taps lie in one
  ;; filter row). Writes only the tiles [t0, t1) (tile t: channels 4·(t / (K/8)), taps 8·(t mod (K/8))),
  ;; each summed in the same order whatever the split, so a pool can split one call by tiles.
  (func (export "convFilterGrad")
    (param $xp i32) (param $dy i32) (param $scratch i32) (param $dw i32) (param $batch i32)
    (param $inHp i32) (param $inWp i32) (param $inC i32) (param $outH i32) (param $outW i32)
    (param $fh i32) (param $fw i32) (param $sh i32) (param $sw i32) (param $outC i32) (param $t0 i32) (param $t1 i32)
    (local $n i32) (local $t i32) (local $taps i32) (local $kBlocks i32) (local $run i32) (local $rowBytes i32)
    (local $imageBytes i32) (local $dyImageBytes i32) (local $ldd i32) (local $xStep i32) (local $yStep i32)
    (local $co i32) (local $k0 i32) (local $fy i32) (local $xq i32) (local $dq i32) (local $xr i32) (local $xEnd i32)
    (local $oy i32) (local $sp i32) (local $pitch i32) (local $ximg i32) (local $dimg i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $av v128)
    (local.set $run (i32.mul (local.get $fw) (local.get $inC)))
    (local.set $taps (i32.mul (local.get $fh) (local.get $run)))
    (local.set $kBlocks (i32.shr_u (local.get $taps) (i32.const 3)))
    (local.set $rowBytes (i32.shl (i32.mul (local.get $inWp) (local.get $inC)) (i32.const 2)))
    (local.set $imageBytes (i32.mul (local.get $inHp) (local.get $rowBytes)))
    (local.set $ldd (i32.shl (local.get $outC) (i32.const 2)))
    (local.set $dyImageBytes (i32.mul (i32.mul (local.get $outH) (local.get $outW)) (local.get $ldd)))
    (local.set $xStep (i32.shl (i32.mul (local.get $sw) (local.get $inC)) (i32.const 2)))
    (local.set $yStep (i32.mul (local.get $sh) (local.get $rowBytes)))
    (local.set $pitch (i32.shl (local.get $taps) (i32.const 2)))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_s (local.get $n) (local.get $batch)))
      (local.set $ximg (i32.add (local.get $xp) (i32.mul (local.get $n) (local.get $imageBytes))))
      (local.set $dimg (i32.add (local.get $dy) (i32.mul (local.get $n) (local.get $dyImageBytes))))
      (local.set $t (local.get $t0))
      (block $tDone (loop $tLoop
        (br_if $tDone (i32.ge_s (local.get $t) (local.get $t1)))
        (local.set $co (i32.shl (i32.div_u (local.get $t) (local.get $kBlocks)) (i32.const 2)))
        (local.set $k0 (i32.shl (i32.rem_u (local.get $t) (local.get $kBlocks)) (i32.const 3)))
        (local.set $fy (i32.div_u (local.get $k0) (local.get $run)))
        (local.set $xq (i32.add (local.get $ximg) (i32.add
          (i32.mul (local.get $fy) (local.get $rowBytes))
          (i32.shl (i32.sub (local.get $k0) (i32.mul (local.get $fy) (local.get $run))) (i32.const 2)))))
        (local.set $dq (i32.add (local.get $dimg) (i32.shl (local.get $co) (i32.const 2))))
        (local.set $sp (i32.add (local.get $scratch) (i32.shl (i32.add (i32.mul (local.get $co) (local.get $taps)) (local.get $k0)) (i32.const 2))))
        (if (i32.eqz (local.get $n))
          (then
            (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0)))
          (else
            (local.set $c00 (v128.load align=4 (local.get $sp)))
            (local.set $c01 (v128.load offset=16 align=4 (local.get $sp)))
            (local.set $c10 (v128.load align=4 (i32.add (local.get $sp) (local.get $pitch))))
            (local.set $c11 (v128.load offset=16 align=4 (i32.add (local.get $sp) (local.get $pitch))))
            (local.set $c20 (v128.load align=4 (i32.add (local.get $sp) (i32.shl (local.get $pitch) (i32.const 1)))))
            (local.set $c21 (v128.load offset=16 align=4 (i32.add (local.get $sp) (i32.shl (local.get $pitch) (i32.const 1)))))
            (local.set $c30 (v128.load align=4 (i32.add (local.get $sp) (i32.mul (local.get $pitch) (i32.const 3)))))
            (local.set $c31 (v128.load offset=16 align=4 (i32.add (local.get $sp) (i32.mul (local.get $pitch) (i32.const 3)))))))
        (local.set $oy (i32.const 0))
        (block $oyDone (loop $oyLoop
          (br_if $oyDone (i32.ge_s (local.get $oy) (local.get $outH)))
          (local.set $xr (local.get $xq))
          (local.set $xEnd (i32.add (local.get $xq) (i32.mul (local.get $outW) (local.get $xStep))))
          (loop $oxLoop
            (local.set $b0 (v128.load offset=0 align=4 (local.get $xr)))
            (local.set $b1 (v128.load offset=16 align=4 (local.get $xr)))
            (local.set $av (v128.load32_splat offset=0 align=4 (local.get $dq)))
            (local.set $c00 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c00)))
            (local.set $c01 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c01)))
            (local.set $av (v128.load32_splat offset=4 align=4 (local.get $dq)))
            (local.set $c10 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c10)))
            (local.set $c11 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c11)))
            (local.set $av (v128.load32_splat offset=8 align=4 (local.get $dq)))
            (local.set $c20 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c20)))
            (local.set $c21 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c21)))
            (local.set $av (v128.load32_splat offset=12 align=4 (local.get $dq)))
            (local.set $c30 (f32x4.relaxed_madd (local.get $av) (local.get $b0) (local.get $c30)))
            (local.set $c31 (f32x4.relaxed_madd (local.get $av) (local.get $b1) (local.get $c31)))
            (local.set $xr (i32.add (local.get $xr) (local.get $xStep)))
            (local.set $dq (i32.add (local.get $dq) (local.get $ldd)))
            (br_if $oxLoop (i32.lt_u (local.get $xr) (local.get $xEnd))))
          (local.set $xq (i32.add (local.get $xq) (local.get $yStep)))
          (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
          (br $oyLoop)))
        (if (i32.eq (local.get $n) (i32.sub (local.get $batch) (i32.const 1)))
          (then
            ;; dw [K, outC]: taps k0..k0+3 from the first vectors, k0+4..k0+7 from the second
            (local.set $sp (i32.add (local.get $dw) (i32.shl (i32.add (i32.mul (local.get $k0) (local.get $outC)) (local.get $co)) (i32.const 2))))
            (call $store4x4T (local.get $sp) (local.get $ldd) (local.get $c00) (local.get $c10) (local.get $c20) (local.get $c30))
            (call $store4x4T (i32.add (local.get $sp) (i32.shl (local.get $ldd) (i32.const 2))) (local.get $ldd)
              (local.get $c01) (local.get $c11) (local.get $c21) (local.get $c31)))
          (else
            (v128.store align=4 (local.get $sp) (local.get $c00))
            (v128.store offset=16 align=4 (local.get $sp) (local.get $c01))
            (v128.store align=4 (i32.add (local.get $sp) (local.get $pitch)) (local.get $c10))
            (v128.store offset=16 align=4 (i32.add (local.get $sp) (local.get $pitch)) (local.get $c11))
            (v128.store align=4 (i32.add (local.get $sp) (i32.shl (local.get $pitch) (i32.const 1))) (local.get $c20))
            (v128.store offset=16 align=4 (i32.add (local.get $sp) (i32.shl (local.get $pitch) (i32.const 1))) (local.get $c21))
            (v128.store align=4 (i32.add (local.get $sp) (i32.mul (local.get $pitch) (i32.const 3))) (local.get $c30))
            (v128.store offset=16 align=4 (i32.add (local.get $sp) (i32.mul (local.get $pitch) (i32.const 3))) (local.get $c31))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $tLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; Stores the transpose of the 4×4 block whose rows are r0..r3 as 4 rows of 4 floats, `pitch` bytes
  ;; apart, from p: row j holds lane j of r0, r1, r2, r3.
  (func $store4x4T (param $p i32) (param $pitch i32) (param $r0 v128) (param $r1 v128) (param $r2 v128) (param $r3 v128)
    (local $lo01 v128) (local $lo23 v128) (local $hi01 v128) (local $hi23 v128)
    (local.set $lo01 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
    (local.set $lo23 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
    (local.set $hi01 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
    (local.set $hi23 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
    (v128.store align=4 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo01) (local.get $lo23)))
    (local.set $p (i32.add (local.get $p) (local.get $pitch)))
    (v128.store align=4 (local.get $p) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo01) (local.get $lo23)))
    (local.set $p (i32.add (local.get $p) (local.get $pitch)))
    (v128.store align=4 (local.get $p) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $hi01) (local.get $hi23)))
    (local.set $p (i32.add (local.get $p) (local.get $pitch)))
    (v128.store align=4 (local.get $p) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $hi01) (local.get $hi23))))

  ;; Byte address in a padded image of the first tap (fy = fx = 0, c = 0) of output position t.
  (func $tapStart (param $image i32) (param $t i32) (param $outW i32) (param $sh i32) (param $sw i32) (param $rowBytes i32) (param $inC i32) (result i32)
    (i32.add (local.get $image) (i32.add
      (i32.mul (i32.mul (i32.div_u (local.get $t) (local.get $outW)) (local.get $sh)) (local.get $rowBytes))
      (i32.shl (i32.mul (i32.mul (i32.rem_u (local.get $t) (local.get $outW)) (local.get $sw)) (local.get $inC)) (i32.const 2)))))
)
