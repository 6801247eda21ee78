package io.keyhold.query.paging;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: rows read up to one more than {@code limit}, cut to {@code limit}; when
 * rows were left over, the marker of the last row kept says where the next page starts.
 */
public record PageCut<R>(List<R> rows, String nextMarker, boolean truncated) {

    public static <R> PageCut<R> of(List<R> rows, int limit, Function<R, String> markerAfter) {
        if (rows.size() <= limit) {
            return new PageCut<>(rows, null, false);
        }
        List<R> page = rows.subList(0, limit);
        return new PageCut<>(page, markerAfter.apply(page.get(page.size() - 1)), true);
    }
}
