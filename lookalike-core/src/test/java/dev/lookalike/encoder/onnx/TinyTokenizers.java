package dev.lookalike.encoder.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tiny {@code tokenizer.json} files (Hugging Face tokenizers' format) for tests, with the same pipeline as the real
 * ones and a handful of tokens: {@link #bert} as all-MiniLM-L6-v2's (BertNormalizer, BertPreTokenizer, WordPiece,
 * BertProcessing) and {@link #clip} as CLIP's (NFC, whitespace, lower case, the CLIP split regex, byte-level,
 * BPE with {@code </w>} word ends, RobertaProcessing with start and end tokens). Each also answers, in plain Java,
 * how it tokenizes (the reference a test compares DJL's tokenization with): {@link Bert#ids} and {@link Clip#ids}.
 * Immutable and thread-safe.
 */
public final class TinyTokenizers {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TinyTokenizers() {
    }

    /** A WordPiece tokenizer; ids are positions in {@link #vocab()}. */
    public record Bert(List<String> vocab, String json) {
        public Bert {
            vocab = List.copyOf(vocab);
        }

        public int id(String token) {
            int i = vocab.indexOf(token);
            if (i < 0) {
                throw new IllegalArgumentException("no token " + token);
            }
            return i;
        }

        /**
         * Reference tokenization of lower-case ASCII words separated by spaces: [CLS], each word greedily split into
         * the longest vocabulary pieces ({@code ##} continuations), or [UNK] when it cannot be, [SEP]; truncated to
         * {@code maxTokens} with [SEP] kept.
         */
        public long[] ids(String text, int maxTokens) {
            List<Long> out = new ArrayList<>();
            out.add((long) id("[CLS]"));
            for (String word : text.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
                List<Long> pieces = new ArrayList<>();
                int start = 0;
                while (start < word.length()) {
                    int end = word.length();
                    int found = -1;
                    while (end > start) {
                        String piece = (start > 0 ? "##" : "") + word.substring(start, end);
                        found = vocab.indexOf(piece);
                        if (found >= 0) {
                            break;
                        }
                        end--;
                    }
                    if (found < 0) {
                        pieces = List.of((long) id("[UNK]"));
                        break;
                    }
                    pieces.add((long) found);
                    start = end;
                }
                out.addAll(pieces);
            }
            while (out.size() > maxTokens - 1) {
                out.remove(out.size() - 1);
            }
            out.add((long) id("[SEP]"));
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        public Path write(Path file) throws IOException {
            return Files.writeString(file, json, StandardCharsets.UTF_8);
        }
    }

    /** A CLIP-style BPE tokenizer; the start and end tokens are the two last (largest) ids, as in CLIP. */
    public record Clip(Map<String, Integer> vocab, List<String> merges, String json) {
        public Clip {
            vocab = Map.copyOf(vocab);
            merges = List.copyOf(merges);
        }

        public int id(String token) {
            Integer i = vocab.get(token);
            if (i == null) {
                throw new IllegalArgumentException("no token " + token);
            }
            return i;
        }

        public int bos() {
            return id("<|startoftext|>");
        }

        public int eos() {
            return id("<|endoftext|>");
        }

        /**
         * Reference tokenization of lower-case letter words separated by spaces: start token; each word split into
         * characters, the last one with {@code </w>}, then the lowest-ranked adjacent pair in {@link #merges()}
         * merged until none applies (the BPE algorithm); end token; truncated to {@code maxTokens} with the end
         * token kept.
         */
        public long[] ids(String text, int maxTokens) {
            List<Long> out = new ArrayList<>();
            out.add((long) bos());
            for (String word : text.toLowerCase(java.util.Locale.ROOT).trim().split("\\s+")) {
                List<String> symbols = new ArrayList<>();
                for (int i = 0; i < word.length(); i++) {
                    symbols.add(word.charAt(i) + (i == word.length() - 1 ? "</w>" : ""));
                }
                while (true) {
                    int best = -1;
                    int bestRank = Integer.MAX_VALUE;
                    for (int i = 0; i + 1 < symbols.size(); i++) {
                        int rank = merges.indexOf(symbols.get(i) + " " + symbols.get(i + 1));
                        if (rank >= 0 && rank < bestRank) {
                            bestRank = rank;
                            best = i;
                        }
                    }
                    if (best < 0) {
                        break;
                    }
                    symbols.set(best, symbols.get(best) + symbols.remove(best + 1));
                }
                for (String s : symbols) {
                    out.add((long) id(s));
                }
            }
            while (out.size() > maxTokens - 1) {
                out.remove(out.size() - 1);
            }
            out.add((long) eos());
            return out.stream().mapToLong(Long::longValue).toArray();
        }

        public Path write(Path file) throws IOException {
            return Files.writeString(file, json, StandardCharsets.UTF_8);
        }
    }

    /** [PAD] = 0, [UNK] = 1, [CLS] = 2, [SEP] = 3, then {@code words} (a {@code ##} prefix marks a continuation). */
    public static Bert bert(List<String> words) {
        List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]"));
        vocab.addAll(words);
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < 4; i++) {
            addedToken(added, i, vocab.get(i));
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer");
        normalizer.put("clean_text", true);
        normalizer.put("handle_chinese_chars", true);
        normalizer.putNull("strip_accents");
        normalizer.put("lowercase", true);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "BertProcessing");
        post.putArray("sep").add("[SEP]").add(3);
        post.putArray("cls").add("[CLS]").add(2);
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "WordPiece");
        decoder.put("prefix", "##");
        decoder.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            v.put(vocab.get(i), i);
        }
        return new Bert(vocab, write(root));
    }

    /**
     * Every letter alone and with {@code </w>}, then the merges (each {@code "left right"} adds the token
     * {@code leftright}), then {@code <|startoftext|>} and {@code <|endoftext|>}.
     */
    public static Clip clip(List<String> merges) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.put(String.valueOf(c), vocab.size());
        }
        for (char c = 'a'; c <= 'z'; c++) {
            vocab.put(c + "</w>", vocab.size());
        }
        for (String m : merges) {
            String[] parts = m.split(" ");
            if (parts.length != 2 || !vocab.containsKey(parts[0]) || !vocab.containsKey(parts[1])) {
                throw new IllegalArgumentException("merge '" + m + "' needs two known tokens");
            }
            vocab.putIfAbsent(parts[0] + parts[1], vocab.size());
        }
        vocab.put("<|startoftext|>", vocab.size());
        vocab.put("<|endoftext|>", vocab.size());
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        addedToken(added, vocab.get("<|startoftext|>"), "<|startoftext|>");
        addedToken(added, vocab.get("<|endoftext|>"), "<|endoftext|>");
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        norms.addObject().put("type", "NFC");
        ObjectNode replace = norms.addObject();
        replace.put("type", "Replace");
        replace.putObject("pattern").put("Regex", "\\s+");
        replace.put("content", " ");
        norms.addObject().put("type", "Lowercase");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode pres = pre.putArray("pretokenizers");
        ObjectNode split = pres.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|"
                + "[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+");
        split.put("behavior", "Removed");
        split.put("invert", true);
        ObjectNode byteLevel = pres.addObject();
        byteLevel.put("type", "ByteLevel");
        byteLevel.put("add_prefix_space", false);
        byteLevel.put("trim_offsets", true);
        byteLevel.put("use_regex", false);
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "RobertaProcessing");
        post.putArray("sep").add("<|endoftext|>").add(vocab.get("<|endoftext|>"));
        post.putArray("cls").add("<|startoftext|>").add(vocab.get("<|startoftext|>"));
        post.put("trim_offsets", false);
        post.put("add_prefix_space", false);
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", true);
        decoder.put("trim_offsets", true);
        decoder.put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.put("unk_token", "<|endoftext|>");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "</w>");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        ArrayNode m = model.putArray("merges");
        merges.forEach(m::add);
        return new Clip(vocab, merges, write(root));
    }

    /**
     * The CLIP test tokenizer used across tests: words "a", "photo", "of", "red", "blue", "shirt", "dress" merge
     * into single tokens (with {@code </w>}); "dress" builds on "re", as a real BPE vocabulary would.
     */
    public static Clip clipSample() {
        return clip(List.of("r e", "re d</w>", "b l", "bl u", "blu e</w>", "s h", "sh i", "shi r", "shir t</w>",
                "d re", "dre s", "dres s</w>", "p h", "ph o", "pho t", "phot o</w>", "o f</w>"));
    }

    /** The BERT test tokenizer used across tests. */
    public static Bert bertSample() {
        return bert(List.of("red", "blue", "black", "shirt", "##s", "dress", "cotton", "striped", "leather", "boot",
                "jeans", "denim", "summer", "a", "for", "women", "men"));
    }

    private static void addedToken(ArrayNode added, int id, String content) {
        ObjectNode t = added.addObject();
        t.put("id", id);
        t.put("content", content);
        t.put("single_word", false);
        t.put("lstrip", false);
        t.put("rstrip", false);
        t.put("normalized", false);
        t.put("special", true);
    }

    private static String write(ObjectNode root) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
