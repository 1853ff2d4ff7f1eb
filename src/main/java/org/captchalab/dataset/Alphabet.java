package org.captchalab.dataset;

import java.util.Collection;
import java.util.TreeSet;

/**
 * The ordered set of characters a label may use; the index of a character is its class id in the model.
 */
public record Alphabet(String chars) {

    public Alphabet {
        if (chars == null || chars.isEmpty()) {
            throw new IllegalArgumentException("an alphabet needs at least one character");
        }
        if (chars.chars().distinct().count() != chars.length()) {
            throw new IllegalArgumentException("alphabet has repeated characters: " + chars);
        }
    }

    public static final Alphabet LOWERCASE = new Alphabet("abcdefghijklmnopqrstuvwxyz");

    /** The sorted union of the characters of the given labels. */
    public static Alphabet infer(Collection<String> labels) {
        TreeSet<Character> set = new TreeSet<>();
        for (String l : labels) {
            if (l != null) {
                for (char c : l.toCharArray()) {
                    set.add(c);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        set.forEach(sb::append);
        return new Alphabet(sb.toString());
    }

    public int size() {
        return chars.length();
    }

    public int indexOf(char c) {
        return chars.indexOf(c);
    }

    public char charAt(int index) {
        return chars.charAt(index);
    }

    public boolean contains(char c) {
        return chars.indexOf(c) >= 0;
    }

    /** The characters of {@code text} that are not in this alphabet, each once, in the order they first appear. */
    public String outside(String text) {
        StringBuilder out = new StringBuilder();
        text.chars().filter(c -> !contains((char) c)).distinct().forEach(c -> out.append((char) c));
        return out.toString();
    }

    /** True when every character of {@code label} is in this alphabet. */
    public boolean accepts(String label) {
        return label.chars().allMatch(c -> contains((char) c));
    }
}
