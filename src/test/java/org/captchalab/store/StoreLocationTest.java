package org.captchalab.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the store goes when the dataset folder is read-only, and that it is safe across threads. */
class StoreLocationTest {

    @TempDir
    Path tmp;

    @Test
    void readOnlyFolderByPermissionBitsUsesThePerUserStoreWithANotice() throws Exception {
        Path dir = tmp.resolve("ro");
        new CaptchaGenerator(1).writeAll(dir, 5);
        Dataset ds = DatasetLoader.load(dir, DatasetOptions.defaults());
        Path users = tmp.resolve("users");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            StoreLocation loc = StoreLocation.resolve(dir, users, false);
            assertThat(loc.inDataset()).isFalse();
            assertThat(loc.dbFile().startsWith(users)).isTrue();
            assertThat(loc.notice()).contains("read-only").contains(users.toString());
            assertThat(StoreLocation.resolve(dir, users, false)).isEqualTo(loc);
            try (WorkStore store = WorkStore.openAt(loc)) {
                store.sync(ds);
                store.setLabel(ds.samples().get(0).path(), "qqqq");
            }
            assertThat(dir.resolve(".captchalab")).doesNotExist();
            String previous = System.getProperty(StoreLocation.STORES_PROPERTY);
            System.setProperty(StoreLocation.STORES_PROPERTY, users.toString());
            try {
                assertThat(StoreLocation.existing(dir)).get().extracting(StoreLocation::dbFile).isEqualTo(loc.dbFile());
            } finally {
                if (previous == null) {
                    System.clearProperty(StoreLocation.STORES_PROPERTY);
                } else {
                    System.setProperty(StoreLocation.STORES_PROPERTY, previous);
                }
            }
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void forcedReadOnlyAndWritableFolders() throws Exception {
        Path dir = tmp.resolve("rw");
        Files.createDirectories(dir);
        Path users = tmp.resolve("users");
        assertThat(StoreLocation.resolve(dir, users, true).inDataset()).isFalse();
        StoreLocation inside = StoreLocation.resolve(dir, users, false);
        assertThat(inside.inDataset()).isTrue();
        assertThat(inside.notice()).isNull();
        assertThat(inside.dbFile()).isEqualTo(dir.resolve(".captchalab").resolve("work.db"));
        assertThat(StoreLocation.resolve(tmp.resolve("other"), users, true).dbFile())
                .isNotEqualTo(StoreLocation.resolve(dir, users, true).dbFile());
    }

    @Test
    void concurrentEditsFromManyThreadsAreAllKept() throws Exception {
        Path dir = tmp.resolve("threads");
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (WorkStore store = WorkStore.open(dir)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.setLabel("t" + thread + "_" + i + ".png", "l" + i);
                        store.labels();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            assertThat(store.labels()).hasSize(100);
            assertThat(store.history()).hasSize(100);
            assertThat(store.integrityCheck()).isEqualTo("ok");
        } finally {
            pool.shutdown();
        }
    }
}
