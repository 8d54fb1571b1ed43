//! The list of a run's inputs, made before the run starts and taken from the front as
//! it reads them.

use std::collections::VecDeque;

use super::{Format, Input};
use crate::pack::{block_for, put_path, put_varint, take_path, take_varint};

/// The inputs of a run, in order, packed: each path is kept as the bytes it shares
/// with the path before (a folder's files, their folder's path) and the rest, so a
/// million files in a few folders take the ends of their names and about five bytes
/// each, where a `Vec<Input>` held 32 bytes and an allocation of the whole path for
/// every one (about 96 bytes a file of the generated corpora). Inputs that are not a
/// plain file whose id ends its path (standard input, a name that is not UTF-8, a
/// pattern that matched nothing) are kept whole beside it.
///
/// [`InputList::pop`] takes the first input and frees each block of the list once it
/// is read, so a run over an archive does not hold the list of its files to the end.
#[derive(Debug, Default)]
pub struct InputList {
    blocks: VecDeque<Vec<u8>>,
    /// The inputs kept whole, in order.
    whole: VecDeque<Input>,
    len: usize,
    /// The path of the last input pushed.
    pushed: String,
    /// Where [`InputList::pop`] reads.
    head: Cursor,
}

/// A place in the list: the block and the byte in it, the inputs kept whole already
/// passed, and the path of the input before.
#[derive(Debug, Default, Clone)]
struct Cursor {
    block: usize,
    at: usize,
    whole: usize,
    path: String,
}

/// What a record says: an input kept whole, or a file whose path the cursor now holds.
enum Record {
    Whole,
    File { format: Option<Format>, id_at: u32 },
}

/// The size of a block of records (a record is never split between two).
const BLOCK: usize = 64 * 1024;

/// A record's first byte: 0 for an input kept whole, else one more than the index of
/// its format here.
const FORMATS: [Option<Format>; 5] = [
    None,
    Some(Format::Text),
    Some(Format::Markdown),
    Some(Format::Html),
    Some(Format::Jsonl),
];
const WHOLE: u8 = 0;

impl InputList {
    /// An empty list.
    pub fn new() -> InputList {
        InputList::default()
    }

    /// How many inputs are left.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether none is left.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Adds an input at the end.
    pub fn push(&mut self, input: Input) {
        self.len += 1;
        let code = FORMATS.iter().position(|f| *f == input.format);
        let (Some(code), None) = (code, &input.rare) else {
            block_for(&mut self.blocks, 1, BLOCK).push(WHOLE);
            self.whole.push_back(input);
            return;
        };
        let path = &*input.display;
        // the code, the path's two varints and its tail, the id's start
        let block = block_for(&mut self.blocks, 1 + 2 * 10 + path.len() + 5, BLOCK);
        block.push(code as u8 + 1);
        put_path(block, &mut self.pushed, path);
        put_varint(block, u64::from(input.id_at));
    }

    /// Takes the first input.
    pub fn pop(&mut self) -> Option<Input> {
        let mut cursor = std::mem::take(&mut self.head);
        let record = self.read(&mut cursor);
        // the blocks read to the end are freed
        for _ in 0..cursor.block {
            self.blocks.pop_front();
        }
        cursor.block = 0;
        let input = match record {
            None => None,
            Some(Record::Whole) => {
                cursor.whole = 0;
                self.whole.pop_front()
            }
            Some(Record::File { format, id_at }) => Some(file(&cursor.path, format, id_at)),
        };
        self.head = cursor;
        if input.is_some() {
            self.len -= 1;
        }
        input
    }

    /// The inputs left, in order, without taking them.
    pub fn iter(&self) -> impl Iterator<Item = Input> + '_ {
        let mut cursor = self.head.clone();
        std::iter::from_fn(move || match self.read(&mut cursor)? {
            Record::Whole => {
                cursor.whole += 1;
                self.whole.get(cursor.whole - 1).cloned()
            }
            Record::File { format, id_at } => Some(file(&cursor.path, format, id_at)),
        })
    }

    /// Reads the record at `cursor`, and moves it past.
    fn read(&self, cursor: &mut Cursor) -> Option<Record> {
        let mut block = self.blocks.get(cursor.block)?;
        if cursor.at == block.len() {
            cursor.block += 1;
            cursor.at = 0;
            block = self.blocks.get(cursor.block)?;
        }
        let at = &mut cursor.at;
        let code = block[*at];
        *at += 1;
        if code == WHOLE {
            return Some(Record::Whole);
        }
        take_path(block, at, &mut cursor.path);
        let id_at = take_varint(block, at) as u32;
        Some(Record::File {
            format: FORMATS[usize::from(code) - 1],
            id_at,
        })
    }
}

/// The input of a plain file shown (and read) at `path`, its id from `id_at` on.
fn file(path: &str, format: Option<Format>, id_at: u32) -> Input {
    Input {
        display: path.into(),
        format,
        id_at,
        rare: None,
    }
}

impl Iterator for InputList {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        self.pop()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len, Some(self.len))
    }
}

impl FromIterator<Input> for InputList {
    fn from_iter<I: IntoIterator<Item = Input>>(inputs: I) -> InputList {
        let mut list = InputList::new();
        inputs.into_iter().for_each(|i| list.push(i));
        list
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn inputs() -> Vec<Input> {
        let mut v = vec![Input::stdin()];
        for d in 0..40 {
            for f in 0..100 {
                // long names, so that the list takes more than one block
                let path = format!("/data/news/{d:04}/{f:06}-{}.txt", "long-title".repeat(8));
                let id = path.strip_prefix("/data/news/").unwrap().to_string();
                v.push(Input::file(PathBuf::from(path), &id));
            }
            v.push(Input::file(PathBuf::from(format!("/x/é{d}.md")), "é.md"));
            v.push(Input::file(PathBuf::from(format!("/x/è{d}")), "x").missing("gone"));
        }
        v.push(Input::file(
            PathBuf::from("/x/feed.jsonl.gz"),
            "feed.jsonl.gz",
        ));
        v
    }

    #[test]
    fn inputs_come_back_in_order_as_pushed() {
        let want = inputs();
        let mut list: InputList = want.iter().cloned().collect();
        assert!(list.blocks.len() > 1, "{} blocks", list.blocks.len());
        assert_eq!(list.len(), want.len());
        assert_eq!(list.iter().collect::<Vec<_>>(), want);
        // taken from the front, the blocks read are freed; what is left is listed
        let blocks = list.blocks.len();
        let first: Vec<Input> = list.by_ref().take(want.len() / 2).collect();
        assert_eq!(first, want[..want.len() / 2]);
        assert!(list.blocks.len() < blocks);
        assert_eq!(list.len(), want.len() - first.len());
        assert_eq!(list.iter().collect::<Vec<_>>(), want[first.len()..]);
        let rest: Vec<Input> = list.by_ref().collect();
        assert_eq!(rest, want[first.len()..]);
        assert!(list.is_empty() && list.pop().is_none());
    }

    #[test]
    fn a_file_in_a_folder_takes_its_name_and_a_few_bytes() {
        let list: InputList = (0..1000)
            .map(|i| {
                let p = format!("/tmp/bench/small-1000/{:04}/{i:06}.txt", i / 500);
                let id = p["/tmp/bench/small-1000/".len()..].to_string();
                Input::file(PathBuf::from(p), &id)
            })
            .collect();
        let bytes: usize = list.blocks.iter().map(Vec::len).sum();
        // the code, what is shared, the tail's length, the tail ("3.txt"), the id's start
        assert!(bytes < 1000 * 12, "{bytes} bytes");
    }
}
