package org.captchalab.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cached predictions per model id. The per-position guesses are stored as compact JSON,
 * {@code [["o0d",[0.91,0.05,0.02]], ...]}: a few dozen bytes per image. Caller holds the lock.
 */
final class PredictionTable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "path, predicted, confidence, loss, positions";

    private final Connection c;

    PredictionTable(Connection c) {
        this.c = c;
    }

    void put(String modelId, Collection<CachedPrediction> predictions) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO predictions(model_id, " + COLUMNS
                + ") VALUES (?,?,?,?,?,?)")) {
            for (CachedPrediction p : predictions) {
                ps.setString(1, modelId);
                ps.setString(2, p.path());
                ps.setString(3, p.predicted());
                ps.setDouble(4, p.confidence());
                if (Double.isNaN(p.loss())) {
                    ps.setNull(5, Types.REAL);
                } else {
                    ps.setDouble(5, p.loss());
                }
                ps.setString(6, encode(p.positions()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    Map<String, CachedPrediction> all(String modelId) throws SQLException {
        Map<String, CachedPrediction> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM predictions WHERE model_id=?")) {
            ps.setString(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CachedPrediction p = read(rs);
                    out.put(p.path(), p);
                }
            }
        }
        return out;
    }

    CachedPrediction one(String modelId, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM predictions WHERE model_id=? AND path=?")) {
            ps.setString(1, modelId);
            ps.setString(2, path);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    void clear(String modelId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM predictions WHERE model_id=?")) {
            ps.setString(1, modelId);
            ps.executeUpdate();
        }
    }

    List<String> modelIds() throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT model_id FROM predictions ORDER BY model_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static CachedPrediction read(ResultSet rs) throws SQLException {
        double loss = rs.getDouble(4);
        if (rs.wasNull()) {
            loss = Double.NaN;
        }
        return new CachedPrediction(rs.getString(1), rs.getString(2), rs.getDouble(3), loss, decode(rs.getString(5)));
    }

    static String encode(List<PositionGuess> positions) {
        List<Object[]> rows = new ArrayList<>(positions.size());
        for (PositionGuess g : positions) {
            rows.add(new Object[] {g.candidates(), g.probabilities()});
        }
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode a prediction", e);
        }
    }

    static List<PositionGuess> decode(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<PositionGuess> out = new ArrayList<>();
            for (var node : JSON.readTree(json)) {
                List<Double> probs = new ArrayList<>();
                node.get(1).forEach(n -> probs.add(n.asDouble()));
                out.add(new PositionGuess(node.get(0).asText(), probs));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new StoreException("damaged prediction in the work store", e);
        }
    }
}
