//! Work on every core, in order: a batch's records are read and judged a chunk at a time, each
//! chunk split into one contiguous part per thread.

/// How many threads: the machine's cores, at most eight.
pub fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(8)
}

/// Below this many items a chunk is done on the calling thread (starting threads costs more).
pub const PARALLEL_FROM: usize = 256;

/// `f` of every item, in the items' order, on every core.
pub fn map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync) -> Vec<U> {
    let parts = threads();
    if items.len() < PARALLEL_FROM || parts == 1 {
        return items.into_iter().map(f).collect();
    }
    let size = items.len().div_ceil(parts);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(parts);
    let mut items = items.into_iter();
    loop {
        let chunk: Vec<T> = items.by_ref().take(size).collect();
        if chunk.is_empty() {
            break;
        }
        chunks.push(chunk);
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<U>>()))
            .collect();
        // A part's thread only maps; if one panicked, the run would already be lost — say so.
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_every_item_on_every_path() {
        for n in [0, 1, super::PARALLEL_FROM - 1, super::PARALLEL_FROM, 10_007] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = super::map(items, |i| i * 2);
            assert_eq!(doubled, (0..n).map(|i| i * 2).collect::<Vec<_>>());
        }
    }
}
