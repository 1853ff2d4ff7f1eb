package org.captchalab.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a labels file: a header line {@code filename,label}, then one row per image with its path relative to
 * the dataset folder, in UTF-8. Fields may be quoted as in RFC 4180 (a quoted field does not span lines). Bad rows
 * are reported, not fatal: a row naming a missing file, a path leaving the folder ({@code ../}), a duplicate row (the
 * first one wins), a malformed row, a row that is not valid UTF-8. Only a file that is not text at all (NUL bytes:
 * an image or other binary file given as the labels) is refused as a whole.
 */
final class LabelsCsv {

    private LabelsCsv() {
    }

    /** How problem lines name a labels file: by its name when it sits in the dataset folder, else by its path. */
    static String shownName(Path csv, Path root) {
        return root.equals(csv.getParent()) ? csv.getFileName().toString() : csv.toString();
    }

    /**
     * The labels by relative path ({@code /}-separated) of every good row.
     *
     * @param images   relative paths of the images found by the scan
     * @param rejected relative paths of images the scan refused (already reported; their rows pass silently)
     */
    static Map<String, String> read(Path csv, Path root, Set<String> images, Set<String> rejected,
                                    List<Problem> problems) throws IOException {
        String name = shownName(csv, root);
        byte[] bytes = Files.readAllBytes(csv);
        for (byte b : bytes) {
            if (b == 0) {
                throw new IOException("not a UTF-8 text file (it holds NUL bytes: binary data, or UTF-16 text)");
            }
        }
        List<byte[]> lines = lines(bytes);
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line;
            try {
                line = utf8(lines.get(i));
            } catch (CharacterCodingException e) {
                problems.add(new Problem(name + ":" + lineNo, "not valid UTF-8 text; row skipped",
                        Problem.Kind.LABELS_ROW));
                continue;
            }
            if (i == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = fields(line);
            if (i == 0 && fields.size() >= 2 && fields.get(0).trim().toLowerCase(Locale.ROOT).equals("filename")) {
                continue;
            }
            String where = name + ":" + lineNo;
            if (i == 0) {
                problems.add(new Problem(where, "expected the header line filename,label; reading it as a row",
                        Problem.Kind.LABELS_ROW));
            }
            if (fields.size() != 2) {
                problems.add(new Problem(where, "expected 2 fields (filename,label), found " + fields.size(),
                        Problem.Kind.LABELS_ROW));
                continue;
            }
            String file = fields.get(0).trim().replace('\\', '/');
            String label = fields.get(1).trim();
            Path resolved;
            boolean absolute;
            try {
                resolved = root.resolve(file).normalize();
                absolute = Path.of(file).isAbsolute();
            } catch (RuntimeException e) {
                problems.add(new Problem(where, "not a valid path: " + file, Problem.Kind.LABELS_ROW));
                continue;
            }
            if (file.isEmpty()) {
                problems.add(new Problem(where, "no file name before the comma", Problem.Kind.LABELS_ROW));
                continue;
            }
            if (absolute || !resolved.startsWith(root) || resolved.equals(root)) {
                problems.add(new Problem(where, "path leaves the dataset folder: " + file, Problem.Kind.LABELS_ROW));
                continue;
            }
            String key = DatasetLoader.relative(root, resolved);
            if (firstLine.containsKey(key)) {
                problems.add(new Problem(where, "duplicate row for " + key + " (first at line "
                        + firstLine.get(key) + "; that one is used)", Problem.Kind.LABELS_ROW));
                continue;
            }
            firstLine.put(key, lineNo);
            if (!images.contains(key)) {
                if (!rejected.contains(key)) {
                    problems.add(new Problem(where, Files.exists(resolved)
                            ? "not a PNG/JPEG/BMP/GIF image file: " + key : "no such file: " + key,
                                    Problem.Kind.LABELS_ROW));
                }
                continue;
            }
            labels.put(key, label);
        }
        return labels;
    }

    /**
     * The file's lines as bytes, split as {@link java.io.BufferedReader#readLine} splits text (at LF, CR or CR LF; no
     * empty line after a final line break). In UTF-8 those bytes never occur inside a character, so a line that is
     * not valid UTF-8 spoils only itself.
     */
    static List<byte[]> lines(byte[] bytes) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r') {
                out.add(Arrays.copyOfRange(bytes, start, i));
                if (bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            out.add(Arrays.copyOfRange(bytes, start, bytes.length));
        }
        return out;
    }

    /** Strict UTF-8: malformed or unmappable bytes throw instead of becoming U+FFFD. */
    private static String utf8(byte[] line) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
    }

    /** Splits one CSV line; a quoted field may contain commas and doubled quotes. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.toString().isBlank()) {
                quoted = true;
                cur.setLength(0);
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
