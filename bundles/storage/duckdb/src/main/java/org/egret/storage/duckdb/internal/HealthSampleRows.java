package org.egret.storage.duckdb.internal;

import static org.egret.storage.duckdb.internal.NullableValues.appendString;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.egret.api.storage.HealthQuery;
import org.egret.api.storage.HealthSample;
import org.egret.api.storage.Page;
import org.egret.api.storage.StorageException;

/** {@link HealthSample}s as rows of {@code health_samples} (schema v8), both ways; counters as parallel lists. */
final class HealthSampleRows {

    private HealthSampleRows() {
    }

    static void append(DuckDBConnection c, List<HealthSample> samples) throws SQLException {
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "health_samples")) {
            for (HealthSample s : samples) {
                Objects.requireNonNull(s.pipeline(), "a health sample's pipeline");
                // sorted by name, so a row's lists read the same however the map was built
                TreeMap<String, Long> counters = new TreeMap<>(s.counters());
                long[] values = new long[counters.size()];
                int i = 0;
                for (Long v : counters.values()) {
                    values[i++] = v == null ? 0 : v;
                }
                a.beginRow();
                a.appendEpochMicros(s.timeMicros());
                a.append(s.pipeline());
                appendString(a, s.state());
                a.append(new ArrayList<>(counters.keySet()));
                a.append(values);
                a.endRow();
            }
            a.flush();
        }
    }

    static Page<HealthSample> query(Connection c, HealthQuery q) throws SQLException, StorageException {
        ListOrder.checkPage(q.offset(), q.limit());
        WhereClause where = new WhereClause()
                .timeRange("sample_time", q.range())
                .in("pipeline", q.pipelines());
        JdbcStatements.begin(c);
        try {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM health_samples" + where.sql())) {
                where.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            List<HealthSample> items = new ArrayList<>();
            if (q.limit() > 0 && q.offset() < total) {
                try (PreparedStatement ps = c.prepareStatement("SELECT epoch_us(sample_time) AS time_us, pipeline, "
                        + "state, counter_names, counter_values FROM health_samples" + where.sql()
                        + " ORDER BY sample_time DESC, pipeline LIMIT ? OFFSET ?")) {
                    int next = where.bind(ps);
                    ps.setInt(next, q.limit());
                    ps.setInt(next + 1, q.offset());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            items.add(read(rs));
                        }
                    }
                }
            }
            JdbcStatements.commit(c);
            return new Page<>(total, List.copyOf(items));
        } catch (SQLException | RuntimeException e) {
            JdbcStatements.rollbackQuietly(c);
            throw e;
        }
    }

    private static HealthSample read(ResultSet rs) throws SQLException {
        Object[] names = RollupRows.elements(rs, "counter_names");
        Object[] values = RollupRows.elements(rs, "counter_values");
        if (names.length != values.length) {
            throw new SQLException("health_samples: " + names.length + " counter names but " + values.length
                    + " values");
        }
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            counters.put((String) names[i], values[i] == null ? 0L : ((Number) values[i]).longValue());
        }
        return new HealthSample(rs.getLong("time_us"), rs.getString("pipeline"), rs.getString("state"), counters);
    }
}
