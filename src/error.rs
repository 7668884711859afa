//! The library's error type. Each stage may define its own error and wrap it here;
//! the binary adds nothing but the `navplan: error:` prefix.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user asked for something the arguments cannot express (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Input the user gave us is wrong (a spec, a URL, a file's content) (exit 1).
    #[error("{0}")]
    Input(String),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// An embedded or user-supplied data file is wrong.
    #[error("data file {file}: {message}")]
    Data { file: String, message: String },
    /// A version spec or the versions data is wrong (exit 1).
    #[error(transparent)]
    Version(#[from] crate::version::VersionError),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => crate::exit::USAGE,
            _ => crate::exit::ERROR,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
