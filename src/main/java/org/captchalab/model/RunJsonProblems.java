package org.captchalab.model;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.captchalab.dataset.CaseRule;

/**
 * What is wrong with a run.json that parses as JSON but cannot be a {@link RunInfo}, in the words of the file: its
 * fields by their snake_case names and their values as written, never the Java types Jackson reports them by.
 * Each method gives the reason alone; {@link ModelFolder#readInfo} puts the file's path before it.
 */
final class RunJsonProblems {

    /** The fields a run cannot be applied without, as run.json names them. */
    static final List<String> REQUIRED = List.of("format_version", "preset", "alphabet", "label_length", "case_rule",
            "input_width", "input_height");

    /** Jackson's names for its tokens, settings and the Java types it binds: not words for a user. */
    private static final Pattern JACKSON_WORDS = Pattern.compile("[A-Z]+_[A-Z_]+|`|java\\.|Json[A-Z]");

    /** The longest value quoted back in a message; longer ones are cut with an ellipsis. */
    private static final int QUOTE_LIMIT = 40;

    private RunJsonProblems() {
    }

    /**
     * Why run.json's text is not JSON, as Jackson's parser says it, where it says it: "Unexpected character (',' (code
     * 44)): was expecting double-quote to start field name (line 3, column 2)". Jackson's own settings and token names
     * ("start marker at [Source: REDACTED (`StreamReadFeature...`)", "VALUE_STRING") are left out.
     */
    static String corrupt(JsonProcessingException e) {
        String said = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int marker = said.indexOf(" (start marker at");
        if (marker >= 0) {
            said = said.substring(0, marker);
        }
        said = said.replace("end-of-input", "end of the file").replace("close marker for Array", "a closing ]")
                .replace("close marker for Object", "a closing }");
        if (said.isBlank() || JACKSON_WORDS.matcher(said).find()) {
            said = e instanceof JsonEOFException ? "the file ends part-way through" : "not valid JSON";
        }
        int nl = said.indexOf('\n');
        if (nl >= 0) {
            said = said.substring(0, nl);
        }
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? said : said + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    /** The required fields absent from {@code root} or null there, in the order above. */
    static List<String> missing(JsonNode root) {
        return REQUIRED.stream().filter(f -> !root.hasNonNull(f)).toList();
    }

    /**
     * Why Jackson could not bind a field, as "temperature must be a number (got "hot")": the field by its path in
     * the file ({@code hyper_parameters.x}, {@code list[2]}), what it must be, and what it holds.
     */
    static String wrongType(JsonMappingException e, JsonNode root) {
        String field = field(e.getPath());
        if (field.isEmpty()) {
            return "a value has the wrong type";
        }
        JsonNode value = at(root, e.getPath());
        String got = value != null ? " (got " + quote(value) + ")"
                : e instanceof InvalidFormatException f && f.getValue() != null ? " (got " + f.getValue() + ")" : "";
        Class<?> target = e instanceof MismatchedInputException m ? m.getTargetType() : null;
        if (target == null && e.getCause() instanceof JsonProcessingException) {
            // a number too large for its field: Jackson's own parser said so, with no type to bind to
            return field + " is out of range" + got;
        }
        String kind = kind(target);
        return kind == null ? field + " has the wrong kind of value" + got : field + " must be " + kind + got;
    }

    /**
     * Why a bound run.json cannot be used though every required field is there (see {@link #missing}), or null when
     * it can: a count or size that is not positive, half an image size, an empty alphabet or one that repeats a
     * character, a case rule that names none. The preset and the network's shape are checked by {@link RunInfo#spec()}.
     */
    static String invalidValue(JsonNode root, RunInfo info) {
        Map<String, Integer> positive = new LinkedHashMap<>();
        positive.put("format_version", info.formatVersion());
        positive.put("label_length", info.labelLength());
        positive.put("input_width", info.inputWidth());
        positive.put("input_height", info.inputHeight());
        for (Map.Entry<String, Integer> f : positive.entrySet()) {
            if (f.getValue() < 1) {
                return f.getKey() + " must be a positive whole number (got " + quote(root.get(f.getKey())) + ")";
            }
        }
        if ((info.imageWidth() == null) != (info.imageHeight() == null)) {
            // one without the other is no size at all: a hand edit that left half of it
            return info.imageWidth() == null ? "image_height is given without image_width"
                    : "image_width is given without image_height";
        }
        if (info.imageWidth() != null && (info.imageWidth() < 1 || info.imageHeight() < 1)) {
            String field = info.imageWidth() < 1 ? "image_width" : "image_height";
            return field + " must be a positive whole number (got " + quote(root.get(field)) + ")";
        }
        if (info.otherImageSizes() != null) {
            for (String s : info.otherImageSizes()) {
                if (s == null || !s.matches("[1-9][0-9]{0,5}x[1-9][0-9]{0,5}")) {
                    return "other_image_sizes holds " + (s == null ? "null" : "\"" + s + "\"")
                            + ", not a size such as 129x53";
                }
            }
        }
        if (info.alphabet().isEmpty()) {
            return "alphabet is empty";
        }
        String repeated = repeated(info.alphabet());
        if (!repeated.isEmpty()) {
            return "alphabet repeats " + (repeated.length() == 1 ? "a character (" : "characters (")
                    + repeated.chars().mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining(", ")) + ")";
        }
        if (Arrays.stream(CaseRule.values()).noneMatch(r -> r.name().equals(info.caseRule()))) {
            return "case_rule is " + info.caseRule() + ", not one of "
                    + Arrays.stream(CaseRule.values()).map(CaseRule::name).collect(Collectors.joining(", "));
        }
        if (info.temperature() != null && !(info.temperature() > 0 && info.temperature() < Double.POSITIVE_INFINITY)) {
            return "temperature must be a positive number (got " + quote(root.get("temperature")) + ")";
        }
        return null;
    }

    /** Each character {@code chars} holds more than once, once, in the order of their second appearance. */
    private static String repeated(String chars) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (chars.indexOf(c) < i && out.indexOf(String.valueOf(c)) < 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A path as the file spells it: field names joined by dots, list positions in brackets. */
    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    /** The node at {@code path} in {@code root}, or null when the path leads nowhere. */
    private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> path) {
        JsonNode node = root;
        for (JsonMappingException.Reference r : path) {
            node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** A value as written in JSON (text in double quotes), cut short when long. */
    private static String quote(JsonNode value) {
        String text = value == null ? "nothing" : value.toString();
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT - 1) + "…";
    }

    /** What a value of {@code type} is called in a message, or null for a type with no plain name. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return null;
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (type == String.class) {
            return "text";
        } else if (Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        } else if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return null;
    }
}
