//! The library view's outside world: the details of its articles read in
//! the background ([`crate::catalog`]), what it remembers between runs
//! ([`crate::library_memory`]), and `A`: a snapshot made on a thread with
//! `annotty add`'s own code ([`crate::snapshot::add`]) and opened.

use super::Session;
use super::inbox::Msg;
use crate::library::{Entry, EntrySource, Library};
use crate::{catalog, library_memory};
use std::sync::atomic::AtomicBool;

impl Session {
    /// Show `lib` as it was left last time, and start reading its
    /// articles' details (the rows shown first).
    ///
    /// A directory's library is listed on a thread meanwhile (its
    /// articles come as [`Msg::Listed`]), so that its first screen does
    /// not wait for a directory of many files.
    pub(super) fn show_library(&mut self, mut lib: Library) {
        if let Some(dir) = &self.place.data_dir {
            let key = library_memory::key_of(lib.dir.as_deref());
            if let Some(view) = library_memory::load(dir, &key) {
                lib.restore(&view);
            }
        }
        let listing = lib.listing.zip(lib.dir.clone());
        self.app.set_library(lib);
        self.library_number += 1;
        match listing {
            Some((depth, dir)) => self.list_library(dir, depth),
            None => self.read_library_catalog(),
        }
    }

    /// List `dir`'s articles on a thread; they come back as
    /// [`Msg::Listed`].
    fn list_library(&mut self, dir: std::path::PathBuf, depth: usize) {
        let (number, tx) = (self.library_number, self.inbox.sender());
        let spawned = std::thread::Builder::new()
            .name("listing".into())
            .spawn(move || {
                crate::source::list_dir_in_batches(&dir, depth, &mut |batch| {
                    tx.send(Msg::Listed(number, batch, false)).is_ok()
                });
                let _ = tx.send(Msg::Listed(number, Vec::new(), true));
            });
        if let Err(e) = spawned {
            self.app
                .error(format!("the library's directory cannot be listed: {e}"));
        }
    }

    /// Articles listed for the library shown as `number`; when the listing
    /// is `done`, their details are read.
    pub(super) fn listed(&mut self, number: u64, batch: Vec<Entry>, done: bool) {
        if number != self.library_number {
            return;
        }
        self.app.library_listed(batch, done);
        if done {
            self.read_library_catalog();
        }
    }

    /// Read the details of the library's articles, the rows shown first.
    fn read_library_catalog(&mut self) {
        let Some(lib) = &self.app.library else { return };
        let mut first = vec![false; lib.entries.len()];
        let mut order: Vec<usize> = lib.shown().to_vec();
        for &i in &order {
            first[i] = true;
        }
        order.extend((0..lib.entries.len()).filter(|&i| !first[i]));
        let wanted = order
            .into_iter()
            .map(|i| (i, lib.entries[i].source.clone()))
            .collect();
        self.read_catalog(wanted);
    }

    /// Read the details of `entries` (index, source) on a thread of their
    /// own; they come back as [`Msg::Catalog`].
    pub(super) fn read_catalog(&mut self, entries: Vec<(usize, EntrySource)>) {
        let (number, tx) = (self.library_number, self.inbox.sender());
        let data_dir = self.place.data_dir.clone();
        let spawned = std::thread::Builder::new()
            .name("catalog".into())
            .spawn(move || {
                super::workers::lower_priority();
                catalog::read(
                    &entries,
                    data_dir.as_deref(),
                    &AtomicBool::new(false),
                    &|b| tx.send(Msg::Catalog(number, b)).is_ok(),
                );
            });
        if let Err(e) = spawned {
            self.app
                .error(format!("the library's details cannot be read: {e}"));
        }
    }

    /// Details read for the library shown as `number`.
    pub(super) fn catalog_came(
        &mut self,
        number: u64,
        batch: Vec<(usize, crate::library::Details)>,
    ) {
        if number == self.library_number {
            self.app.library_details(batch);
        }
    }

    /// The article just left (`source`) was read: read its details again
    /// (progress, notes, when).
    pub(super) fn reread_entry(&mut self, source: &EntrySource) {
        let Some(lib) = &self.app.library else { return };
        let same = |e: &Entry| match (&e.source, source) {
            (EntrySource::File(a), EntrySource::File(b)) => {
                a == b || std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok()
            }
            (a, b) => a == b,
        };
        if let Some(i) = lib.entries.iter().position(same) {
            let source = lib.entries[i].source.clone();
            self.read_catalog(vec![(i, source)]);
        }
    }

    /// Remember what the library shows (its selection, order, filter).
    pub(super) fn remember_library(&self) {
        let (Some(lib), Some(dir)) = (&self.app.library, &self.place.data_dir) else {
            return;
        };
        let key = library_memory::key_of(lib.dir.as_deref());
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        // Losing it is not worth interrupting the reader.
        let _ = library_memory::save(dir, &key, &lib.view(), now);
    }

    /// `A`: make the snapshot of `what` (a URL or a path) on a thread, as
    /// `annotty add` does; it comes back as [`Msg::Added`].
    pub(super) fn add_article(&mut self, what: String) {
        let options = match &self.add_options {
            Ok(o) => o.clone(),
            Err(e) => return self.app.error(format!("not added: {e}")),
        };
        let tx = self.inbox.sender();
        let input = crate::snapshot::Input::of_arg(&what);
        let spawned = std::thread::Builder::new()
            .name("add".into())
            .spawn(move || {
                let now = crate::annotation::now_millis();
                let _ = tx.send(Msg::Added(crate::snapshot::add(&input, &options, now)));
            });
        if let Err(e) = spawned {
            self.app.error(format!("not added: {e}"));
        }
    }

    /// The snapshot `A` asked for is saved (or not): list it when it is
    /// under the library's directory, and open it.
    pub(super) fn added(&mut self, added: Result<crate::snapshot::Added, String>) {
        let added = match added {
            Ok(a) => a,
            Err(e) => return self.app.error(format!("not added: {e}")),
        };
        let source = EntrySource::File(added.path.clone());
        if let Some(lib) = &mut self.app.library
            && let Some(dir) = &lib.dir
        {
            let canon = |p: &std::path::Path| std::fs::canonicalize(p).ok();
            let rel = canon(&added.path)
                .zip(canon(dir))
                .and_then(|(p, d)| p.strip_prefix(&d).ok().map(|r| r.to_path_buf()));
            if let Some(rel) = rel {
                let size = std::fs::metadata(&added.path).map_or(0, |m| m.len());
                let name = rel.to_string_lossy().into_owned();
                lib.add_entry(Entry::new(
                    name.clone(),
                    size,
                    EntrySource::File(dir.join(&rel)),
                ));
                // Shown and selected when the reader comes back.
                lib.set_filter("");
                lib.select_name(&name);
            }
        }
        match crate::source::open_to_read(&added.path, &self.decoding) {
            Ok(doc) => {
                self.from_library = Some(source);
                self.open(doc, None, Some(added.path.clone()));
                let shown = crate::source::short(&added.path);
                let what = if added.refreshed {
                    "refreshed"
                } else {
                    "added"
                };
                let mut message = format!("{what} {shown}");
                if let Some(notice) = &added.notice {
                    message = format!("{message} ({notice})");
                }
                self.app.message = Some(message);
            }
            Err(e) => self.app.error(e),
        }
    }
}
