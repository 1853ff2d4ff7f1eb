package org.captchalab.dataset;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a labels file: a header line {@code filename,label}, then one row per image with its path relative to
 * the dataset folder. Fields may be quoted as in RFC 4180. Bad rows are reported, not fatal: a row naming a
 * missing file, a path leaving the folder ({@code ../}), a duplicate row (the first one wins), a malformed row.
 */
final class LabelsCsv {

    private LabelsCsv() {
    }

    /**
     * The labels by relative path ({@code /}-separated) of every good row.
     *
     * @param images   relative paths of the images found by the scan
     * @param rejected relative paths of images the scan refused (already reported; their rows pass silently)
     */
    static Map<String, String> read(Path csv, Path root, Set<String> images, Set<String> rejected,
                                    List<Problem> problems) throws IOException {
        String name = root.equals(csv.getParent()) ? csv.getFileName().toString() : csv.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": not a UTF-8 text file");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
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
                problems.add(new Problem(where, "expected the header line filename,label; reading it as a row"));
            }
            if (fields.size() != 2) {
                problems.add(new Problem(where, "expected 2 fields (filename,label), found " + fields.size()));
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
                problems.add(new Problem(where, "not a valid path: " + file));
                continue;
            }
            if (file.isEmpty() || absolute || !resolved.startsWith(root) || resolved.equals(root)) {
                problems.add(new Problem(where, "path leaves the dataset folder: " + file));
                continue;
            }
            String key = DatasetLoader.relative(root, resolved);
            if (firstLine.containsKey(key)) {
                problems.add(new Problem(where, "duplicate row for " + key + " (first at line "
                        + firstLine.get(key) + "; that one is used)"));
                continue;
            }
            firstLine.put(key, lineNo);
            if (!images.contains(key)) {
                if (!rejected.contains(key)) {
                    problems.add(new Problem(where, Files.exists(resolved)
                            ? "not a PNG/JPEG/BMP/GIF image file: " + key : "no such file: " + key));
                }
                continue;
            }
            labels.put(key, label);
        }
        return labels;
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
