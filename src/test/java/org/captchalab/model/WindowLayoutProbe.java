package org.captchalab.model;

import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.Random;
import org.captchalab.Nd4jTestSupport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Manual probe: the seed network's first convolution and pooling for a prediction at batch 64, written several ways. The
 * way {@link SeedPass} does it: four rows of 28 (a 3x3x3 patch and a 1) per pooling cell, one product with the [28, 32]
 * kernel, the maximum of the four blocks. Against that, one row of 49 per cell (the cell's whole 4x4x3 window and a 1)
 * times a [49, 128] kernel holding each position's 3x3 taps (zeros elsewhere), with the maximum over the four groups of
 * 32 columns taken five ways, and two products by the rows of the cell. Prints each one's time and checks that all give
 * the same pooled values. {@code -Dprobe.threads=N} sets the native threads (default 1, as an inference lane runs),
 * {@code -Dreps=N} the repetitions. The results are in docs/model.md.
 */
public final class WindowLayoutProbe {
    static final int H = 53;
    static final int W = 129;
    static final int PH = 22;
    static final int PW = 62;
    static final int F = 32;

    public static void main(String[] args) {
        org.captchalab.MallocTuning.handOverToTunedChild();
        Nd4jTestSupport.init();
        Nd4j.create(DataType.FLOAT, 1); // loads the backend before its native settings are touched
        org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps()
                .setOmpNumThreads(Integer.getInteger("probe.threads", 1));
        int b = 64;
        int reps = Integer.getInteger("reps", 30);
        int cells = b * PH * PW;
        Random rnd = new Random(3);
        float[] px = new float[b * H * W * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = rnd.nextFloat();
        }
        float[] kernel = new float[27 * F];
        float[] bias = new float[F];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) rnd.nextGaussian() * 0.2f;
        }
        for (int i = 0; i < F; i++) {
            bias[i] = (float) rnd.nextGaussian() * 0.1f;
        }
        // the current layout
        INDArray patches = Nd4j.createUninitialized(DataType.FLOAT, cells * 4L, 28);
        INDArray k28 = Nd4j.create(DataType.FLOAT, 28, F);
        for (int t = 0; t < 27; t++) {
            for (int f = 0; f < F; f++) {
                k28.putScalar(t, f, kernel[t * F + f]);
            }
        }
        for (int f = 0; f < F; f++) {
            k28.putScalar(27, f, bias[f]);
        }
        INDArray conv1 = Nd4j.createUninitialized(DataType.FLOAT, cells * 4L, F);
        INDArray[] blocks = new INDArray[4];
        for (int k = 0; k < 4; k++) {
            blocks[k] = conv1.get(NDArrayIndex.interval((long) k * cells, (long) (k + 1) * cells), NDArrayIndex.all());
        }
        INDArray r0 = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        INDArray r1 = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        INDArray pooledOld = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        float[] row = new float[PW * 28];
        Runnable old = () -> {
            writeOld(px, patches.data().asNioFloat(), row, b, cells);
            Nd4j.gemm(patches, k28, conv1, false, false, 1.0, 0.0);
            max(blocks[0], blocks[1], r0);
            max(blocks[2], blocks[3], r1);
            max(r0, r1, pooledOld);
        };
        // the window layout
        int taps = Integer.getInteger("probe.taps", 49);
        INDArray windows = Nd4j.createUninitialized(DataType.FLOAT, cells, taps);
        INDArray k128 = Nd4j.create(DataType.FLOAT, taps, 4 * F);
        INDArray[] kPos = new INDArray[4];
        for (int p = 0; p < 4; p++) {
            int dy = p / 2;
            int dx = p % 2;
            for (int ky = 0; ky < 3; ky++) {
                for (int kx = 0; kx < 3; kx++) {
                    for (int c = 0; c < 3; c++) {
                        int tap = ((dy + ky) * 4 + dx + kx) * 3 + c;
                        for (int f = 0; f < F; f++) {
                            k128.putScalar(tap, p * F + f, kernel[((ky * 3 + kx) * 3 + c) * F + f]);
                        }
                    }
                }
            }
            for (int f = 0; f < F; f++) {
                k128.putScalar(48, p * F + f, bias[f]);
            }
            kPos[p] = k128.get(NDArrayIndex.all(), NDArrayIndex.interval(p * F, (p + 1) * F)).dup('c');
        }
        INDArray out128 = Nd4j.createUninitialized(DataType.FLOAT, cells, 4 * F);
        INDArray[] groups = new INDArray[4];
        for (int p = 0; p < 4; p++) {
            groups[p] = out128.get(NDArrayIndex.all(), NDArrayIndex.interval(p * F, (p + 1) * F));
        }
        INDArray pooledA = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        float[] wrow = new float[PW * taps];
        Runnable write = () -> writeWindows(px, windows.data().asNioFloat(), wrow, b, cells, taps);
        Runnable strided = () -> {
            write.run();
            Nd4j.gemm(windows, k128, out128, false, false, 1.0, 0.0);
            max(groups[0], groups[1], r0);
            max(groups[2], groups[3], r1);
            max(r0, r1, pooledA);
        };
        INDArray pooledB = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        INDArray[] pBlocks = new INDArray[4];
        for (int p = 0; p < 4; p++) {
            pBlocks[p] = blocks[p];
        }
        Runnable fourProducts = () -> {
            write.run();
            for (int p = 0; p < 4; p++) {
                Nd4j.gemm(windows, kPos[p], pBlocks[p], false, false, 1.0, 0.0);
            }
            max(pBlocks[0], pBlocks[1], r0);
            max(pBlocks[2], pBlocks[3], r1);
            max(r0, r1, pooledB);
        };
        INDArray pooledC = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        INDArray out3 = out128.reshape(cells, 4, F);
        Runnable reduce = () -> {
            write.run();
            Nd4j.gemm(windows, k128, out128, false, false, 1.0, 0.0);
            pooledC.assign(out3.max(1));
        };
        INDArray pooledD = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        INDArray cells4 = out128.reshape(cells, 2, 2, F);
        INDArray pooled4 = pooledD.reshape(cells, 1, 1, F);
        int[] pool = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1};
        Runnable cellPool = () -> Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(cells4).addOutputs(pooled4)
                .addIntegerArguments(pool).build());
        Runnable pooling = () -> {
            write.run();
            Nd4j.gemm(windows, k128, out128, false, false, 1.0, 0.0);
            cellPool.run();
        };
        INDArray outT = Nd4j.createUninitialized(DataType.FLOAT, 4L * F, cells);
        INDArray[] rowsT = new INDArray[4];
        for (int p = 0; p < 4; p++) {
            rowsT[p] = outT.get(NDArrayIndex.interval(p * F, (p + 1) * F), NDArrayIndex.all());
        }
        INDArray t0 = Nd4j.createUninitialized(DataType.FLOAT, F, cells);
        INDArray t1 = Nd4j.createUninitialized(DataType.FLOAT, F, cells);
        INDArray pT = Nd4j.createUninitialized(DataType.FLOAT, F, cells);
        INDArray pooledE = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        Runnable transposed = () -> {
            write.run();
            Nd4j.gemm(k128, windows, outT, true, true, 1.0, 0.0);
            max(rowsT[0], rowsT[1], t0);
            max(rowsT[2], rowsT[3], t1);
            max(t0, t1, pT);
            pooledE.assign(pT.transpose());
        };
        // by rows of the cell: positions dy = 0 read window rows 0-2, dy = 1 rows 1-3; a window row of 12 values, then a
        // 1, then rows 1-3, so that both are 37 consecutive columns with the 1 among them
        INDArray win = Nd4j.createUninitialized(DataType.FLOAT, cells, 49);
        INDArray[] kDy = new INDArray[2];
        for (int dy = 0; dy < 2; dy++) {
            kDy[dy] = Nd4j.create(DataType.FLOAT, 37, 2 * F);
            for (int dx = 0; dx < 2; dx++) {
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        for (int c = 0; c < 3; c++) {
                            int wy = dy + ky;
                            int col = (wy == 0 ? 0 : 13 + (wy - 1) * 12) + (dx + kx) * 3 + c - (dy == 0 ? 0 : 12);
                            for (int f = 0; f < F; f++) {
                                kDy[dy].putScalar(col, dx * F + f, kernel[((ky * 3 + kx) * 3 + c) * F + f]);
                            }
                        }
                    }
                }
                for (int f = 0; f < F; f++) {
                    kDy[dy].putScalar(dy == 0 ? 12 : 0, dx * F + f, bias[f]);
                }
            }
        }
        INDArray[] winDy = {win.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 37)),
                win.get(NDArrayIndex.all(), NDArrayIndex.interval(12, 49))};
        INDArray[] sep = {Nd4j.createUninitialized(DataType.FLOAT, cells, 37), Nd4j.createUninitialized(DataType.FLOAT, cells, 37)};
        INDArray[] oDy = {Nd4j.createUninitialized(DataType.FLOAT, cells, 2 * F), Nd4j.createUninitialized(DataType.FLOAT, cells, 2 * F)};
        INDArray mDy = Nd4j.createUninitialized(DataType.FLOAT, cells, 2 * F);
        INDArray pooledF = Nd4j.createUninitialized(DataType.FLOAT, cells, F);
        int[] pool12 = {1, 2, 1, 2, 0, 0, 1, 1, 0, 0, 1};
        Runnable poolDx = () -> Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(mDy.reshape(cells, 1, 2, F))
                .addOutputs(pooledF.reshape(cells, 1, 1, F)).addIntegerArguments(pool12).build());
        float[] winRow = new float[PW * 49];
        Runnable writeWin = () -> writeRows(px, win.data().asNioFloat(), winRow, b);
        Runnable byRowsViews = () -> {
            writeWin.run();
            Nd4j.gemm(winDy[0], kDy[0], oDy[0], false, false, 1.0, 0.0);
            Nd4j.gemm(winDy[1], kDy[1], oDy[1], false, false, 1.0, 0.0);
            max(oDy[0], oDy[1], mDy);
            poolDx.run();
        };
        float[] sepRow = new float[PW * 37];
        Runnable writeSep = () -> writeSeparate(px, sep[0].data().asNioFloat(), sep[1].data().asNioFloat(), sepRow, b);
        Runnable byRowsSeparate = () -> {
            writeSep.run();
            Nd4j.gemm(sep[0], kDy[0], oDy[0], false, false, 1.0, 0.0);
            Nd4j.gemm(sep[1], kDy[1], oDy[1], false, false, 1.0, 0.0);
            max(oDy[0], oDy[1], mDy);
            poolDx.run();
        };
        for (int round = 0; round < 2; round++) {
            PrimitiveProbe.time("by rows: write one matrix", reps, writeWin);
            PrimitiveProbe.time("by rows: two products on views", reps, () -> {
                Nd4j.gemm(winDy[0], kDy[0], oDy[0], false, false, 1.0, 0.0);
                Nd4j.gemm(winDy[1], kDy[1], oDy[1], false, false, 1.0, 0.0);
            });
            PrimitiveProbe.time("by rows: maximum + maxpool 1x2", reps, () -> {
                max(oDy[0], oDy[1], mDy);
                poolDx.run();
            });
            PrimitiveProbe.time("by rows: all, views", reps, byRowsViews);
            PrimitiveProbe.time("by rows: write two matrices", reps, writeSep);
            PrimitiveProbe.time("by rows: two products, separate", reps, () -> {
                Nd4j.gemm(sep[0], kDy[0], oDy[0], false, false, 1.0, 0.0);
                Nd4j.gemm(sep[1], kDy[1], oDy[1], false, false, 1.0, 0.0);
            });
            PrimitiveProbe.time("by rows: all, separate", reps, byRowsSeparate);
            PrimitiveProbe.time("windows: maxpool2d over 2x2 cells", reps, cellPool);
            PrimitiveProbe.time("windows: all, maxpool2d over cells", reps, pooling);
            PrimitiveProbe.time("windows: product transposed", reps, () -> Nd4j.gemm(k128, windows, outT, true, true, 1.0, 0.0));
            PrimitiveProbe.time("windows: transposing the pooled map", reps, () -> pooledE.assign(pT.transpose()));
            PrimitiveProbe.time("windows: all, transposed", reps, transposed);
            PrimitiveProbe.time("rows of 28: patches", reps, () -> writeOld(px, patches.data().asNioFloat(), row, b, cells));
            PrimitiveProbe.time("rows of 28: product", reps, () -> Nd4j.gemm(patches, k28, conv1, false, false, 1.0, 0.0));
            PrimitiveProbe.time("rows of 28: pooling", reps, () -> {
                max(blocks[0], blocks[1], r0);
                max(blocks[2], blocks[3], r1);
                max(r0, r1, pooledOld);
            });
            PrimitiveProbe.time("rows of 28: all", reps, old);
            PrimitiveProbe.time("windows: write", reps, write);
            PrimitiveProbe.time("windows: product x128", reps, () -> Nd4j.gemm(windows, k128, out128, false, false, 1.0, 0.0));
            PrimitiveProbe.time("windows: strided pooling", reps, () -> {
                max(groups[0], groups[1], r0);
                max(groups[2], groups[3], r1);
                max(r0, r1, pooledA);
            });
            PrimitiveProbe.time("windows: all, strided pooling", reps, strided);
            PrimitiveProbe.time("windows: all, four products", reps, fourProducts);
            PrimitiveProbe.time("windows: all, max over dim 1", reps, reduce);
        }
        old.run();
        strided.run();
        fourProducts.run();
        reduce.run();
        pooling.run();
        transposed.run();
        byRowsViews.run();
        System.out.printf(Locale.ROOT, "by rows, views %.2e%n", pooledF.sub(pooledOld).amaxNumber().doubleValue());
        byRowsSeparate.run();
        System.out.printf(Locale.ROOT, "by rows, separate %.2e%n", pooledF.sub(pooledOld).amaxNumber().doubleValue());
        System.out.printf(Locale.ROOT, "maxpool2d over cells %.2e, transposed %.2e%n",
                pooledD.sub(pooledOld).amaxNumber().doubleValue(), pooledE.sub(pooledOld).amaxNumber().doubleValue());
        double scale = pooledOld.amaxNumber().doubleValue();
        System.out.printf(Locale.ROOT, "largest difference to rows of 28: strided %.2e, four products %.2e, reduce %.2e (of %.2f)%n",
                pooledA.sub(pooledOld).amaxNumber().doubleValue(), pooledB.sub(pooledOld).amaxNumber().doubleValue(),
                pooledC.sub(pooledOld).amaxNumber().doubleValue(), scale);
    }

    static void max(INDArray a, INDArray b, INDArray out) {
        Nd4j.exec(DynamicCustomOp.builder("maximum").addInputs(a, b).addOutputs(out).build());
    }

    static void writeOld(float[] px, FloatBuffer out, float[] row, int batch, int cells) {
        for (int n = 0; n < batch; n++) {
            for (int py = 0; py < PH; py++) {
                int firstCell = (n * PH + py) * PW;
                for (int dy = 0; dy < 2; dy++) {
                    int top = ((n * H + 2 * py + dy) * W) * 3;
                    for (int dx = 0; dx < 2; dx++) {
                        int k = 0;
                        for (int qx = 0; qx < PW; qx++) {
                            int src = top + (2 * qx + dx) * 3;
                            for (int ky = 0; ky < 3; ky++) {
                                System.arraycopy(px, src + ky * W * 3, row, k, 9);
                                k += 9;
                            }
                            row[k++] = 1f;
                        }
                        out.put(((dy * 2 + dx) * cells + firstCell) * 28, row, 0, k);
                    }
                }
            }
        }
    }

    /** Per cell: window row 0 (12 values), a 1, window rows 1-3. */
    static void writeRows(float[] px, FloatBuffer out, float[] row, int batch) {
        for (int n = 0; n < batch; n++) {
            for (int py = 0; py < PH; py++) {
                int top = ((n * H + 2 * py) * W) * 3;
                int k = 0;
                for (int qx = 0; qx < PW; qx++) {
                    int src = top + 2 * qx * 3;
                    System.arraycopy(px, src, row, k, 12);
                    row[k + 12] = 1f;
                    k += 13;
                    for (int wy = 1; wy < 4; wy++) {
                        System.arraycopy(px, src + wy * W * 3, row, k, 12);
                        k += 12;
                    }
                }
                out.put((n * PH + py) * PW * 49, row, 0, k);
            }
        }
    }

    /** Two matrices of 37 columns: window rows 0-2 then a 1, and a 1 then window rows 1-3. */
    static void writeSeparate(float[] px, FloatBuffer out0, FloatBuffer out1, float[] row, int batch) {
        for (int half = 0; half < 2; half++) {
            FloatBuffer out = half == 0 ? out0 : out1;
            for (int n = 0; n < batch; n++) {
                for (int py = 0; py < PH; py++) {
                    int top = ((n * H + 2 * py + half) * W) * 3;
                    int k = 0;
                    for (int qx = 0; qx < PW; qx++) {
                        int src = top + 2 * qx * 3;
                        if (half == 1) {
                            row[k++] = 1f;
                        }
                        System.arraycopy(px, src, row, k, 12);
                        k += 12;
                        if (half == 0) {
                            row[k++] = 1f;
                        }
                        System.arraycopy(px, src + W * 3, row, k, 12);
                        System.arraycopy(px, src + 2 * W * 3, row, k + 12, 12);
                        k += 24;
                    }
                    out.put((n * PH + py) * PW * 37, row, 0, k);
                }
            }
        }
    }

    static void writeWindows(float[] px, FloatBuffer out, float[] row, int batch, int cells, int taps) {
        for (int n = 0; n < batch; n++) {
            for (int py = 0; py < PH; py++) {
                int top = ((n * H + 2 * py) * W) * 3;
                int k = 0;
                for (int qx = 0; qx < PW; qx++) {
                    int src = top + 2 * qx * 3;
                    for (int wy = 0; wy < 4; wy++) {
                        System.arraycopy(px, src + wy * W * 3, row, k, 12);
                        k += 12;
                    }
                    row[k++] = 1f;
                    for (int pad = 49; pad < taps; pad++) {
                        row[k++] = 0f;
                    }
                }
                out.put((n * PH + py) * PW * taps, row, 0, k);
            }
        }
    }
}
