package org.captchalab.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.captchalab.dataset.OutputTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a dataset's work store lives: {@code <dataset>/.captchalab/work.db} when the folder can be written,
 * else {@code ~/.captchalab/stores/<sha-256 of the folder's absolute path>/work.db} with a notice for the user.
 *
 * <p>A folder whose permission bits grant no write access counts as read-only even when the process could
 * write it anyway (root ignores permissions): the bits say what the owner wants. The per-user base folder is
 * {@code ~/.captchalab/stores} unless the system property {@value #STORES_PROPERTY} names another.
 *
 * @param dbFile    the SQLite database file
 * @param inDataset true when it sits inside the dataset folder
 * @param notice    a sentence for the user when the store is elsewhere, else null
 */
public record StoreLocation(Path dbFile, boolean inDataset, String notice) {

    /** System property overriding the per-user stores folder (tests use it). */
    public static final String STORES_PROPERTY = "captchalab.stores";
    /** The folder inside a dataset for CaptchaLab's files. */
    public static final String WORK_FOLDER = ".captchalab";
    public static final String DB_NAME = "work.db";

    private static final Logger LOG = LoggerFactory.getLogger(StoreLocation.class);

    /** The location for the dataset at {@code root}, creating its folder. */
    public static StoreLocation resolve(Path root) {
        return resolve(root, userStores(), false);
    }

    /**
     * The location for the dataset at {@code root}; {@code forceReadOnly} treats the dataset folder as
     * read-only whatever its permissions say.
     */
    public static StoreLocation resolve(Path root, Path userStores, boolean forceReadOnly) {
        Path dir = root.toAbsolutePath().normalize();
        Path work = dir.resolve(WORK_FOLDER);
        if (!forceReadOnly && (Files.isDirectory(work) ? OutputTargets.writable(work) : OutputTargets.writable(dir))) {
            try {
                Files.createDirectories(work);
                return new StoreLocation(work.resolve(DB_NAME), true, null);
            } catch (IOException e) {
                LOG.warn("cannot create {}", work, e);
            }
        }
        Path elsewhere = userStores.toAbsolutePath().resolve(key(dir));
        try {
            Files.createDirectories(elsewhere);
        } catch (IOException e) {
            throw new StoreException("cannot create a work store folder at " + elsewhere + ": " + e.getMessage(), e);
        }
        String notice = "The dataset folder is read-only; your labels and other work are saved in " + elsewhere;
        return new StoreLocation(elsewhere.resolve(DB_NAME), false, notice);
    }

    /** The store already created for {@code root}, if any; creates nothing (for read-only commands). */
    public static java.util.Optional<StoreLocation> existing(Path root) {
        Path dir = root.toAbsolutePath().normalize();
        Path inside = dir.resolve(WORK_FOLDER).resolve(DB_NAME);
        if (Files.isRegularFile(inside)) {
            return java.util.Optional.of(new StoreLocation(inside, true, null));
        }
        Path elsewhere = userStores().toAbsolutePath().resolve(key(dir)).resolve(DB_NAME);
        if (Files.isRegularFile(elsewhere)) {
            return java.util.Optional.of(new StoreLocation(elsewhere, false,
                    "The dataset folder is read-only; your labels and other work are saved in " + elsewhere.getParent()));
        }
        return java.util.Optional.empty();
    }

    static Path userStores() {
        String override = System.getProperty(STORES_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".captchalab", "stores");
    }

    /** A folder name unique to the dataset's absolute path, readable by a human. */
    static String key(Path dir) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(dir.toString().getBytes(StandardCharsets.UTF_8));
            String name = dir.getFileName() == null ? "root" : dir.getFileName().toString();
            name = name.replaceAll("[^A-Za-z0-9._-]", "_");
            return HexFormat.of().formatHex(d, 0, 8) + "-" + name;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
