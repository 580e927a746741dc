//! What the app asks to be done in the background ([`Request`]) and what comes back
//! ([`Response`]); both are plain data, so the app is tested without a tenant.

use std::path::PathBuf;

use cpi_client::ArtifactKind;
use cpi_client::tenant::{Artifact, Configuration, MessageLog, MplAttachment, Package, Resource, RuntimeArtifact};

use crate::loader::Loaded;
use crate::message_filter::MessageFilter;

/// A load or an action, run by a background task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Every package.
    Packages,
    /// The artifacts (of every kind) of a package.
    Artifacts {
        /// The package's id.
        package: String,
    },
    /// An artifact's configurations, resources and runtime status.
    ArtifactDetails {
        /// The artifact's kind.
        kind: ArtifactKind,
        /// The artifact's id.
        id: String,
    },
    /// Every deployed artifact.
    Runtime,
    /// One deployed artifact, with its error when it is in `ERROR`.
    RuntimeDetails {
        /// The artifact's id.
        id: String,
    },
    /// The logs a filter selects.
    Messages(MessageFilter),
    /// A log's error text and attachments.
    MessageDetails {
        /// The message's GUID.
        guid: String,
        /// Whether to read the error text (failed, retried and escalated messages have one).
        with_error: bool,
    },
    /// An attachment's payload as text.
    Attachment {
        /// The attachment's id.
        id: String,
    },
    /// Deploys an artifact and waits for the deployment to end.
    Deploy {
        /// The artifact's kind.
        kind: ArtifactKind,
        /// The artifact's id.
        id: String,
    },
    /// Undeploys an artifact.
    Undeploy {
        /// The artifact's id.
        id: String,
    },
    /// Saves an artifact's zip as `<id>.zip` in the download folder.
    Download {
        /// The artifact's kind.
        kind: ArtifactKind,
        /// The artifact's id.
        id: String,
    },
}

impl Request {
    /// Whether this changes the tenant or the disk (and is confirmed first).
    pub fn is_action(&self) -> bool {
        matches!(self, Request::Deploy { .. } | Request::Undeploy { .. } | Request::Download { .. })
    }
}

/// An artifact of a package with its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct ArtifactEntry {
    /// Its kind.
    pub kind: ArtifactKind,
    /// The artifact.
    pub artifact: Artifact,
}

/// What the details screen of an artifact shows besides the artifact.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArtifactDetails {
    /// Its externalized parameters.
    pub configurations: Vec<Configuration>,
    /// Its files.
    pub resources: Vec<Resource>,
    /// Its deployment, `None` when it is not deployed.
    pub runtime: Option<RuntimeArtifact>,
}

/// A deployed artifact as its details screen shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuntimeDetails {
    /// The deployment, `None` when it is no longer deployed.
    pub artifact: Option<RuntimeArtifact>,
    /// The error document of an artifact in `ERROR`.
    pub error: Option<String>,
}

/// What the details screen of a message shows besides the log.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MessageDetails {
    /// The error text, when the message has one.
    pub error: Option<String>,
    /// The attachments of its log.
    pub attachments: Vec<MplAttachment>,
}

/// The outcome of a [`Request`], sent back to the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// For [`Request::Packages`].
    Packages(Loaded<Vec<Package>>),
    /// For [`Request::Artifacts`].
    Artifacts {
        /// The package asked for.
        package: String,
        /// Its artifacts.
        result: Loaded<Vec<ArtifactEntry>>,
    },
    /// For [`Request::ArtifactDetails`].
    ArtifactDetails {
        /// The artifact asked for.
        id: String,
        /// Its details.
        result: Loaded<ArtifactDetails>,
    },
    /// For [`Request::Runtime`].
    Runtime(Loaded<Vec<RuntimeArtifact>>),
    /// For [`Request::RuntimeDetails`].
    RuntimeDetails {
        /// The artifact asked for.
        id: String,
        /// Its deployment and error.
        result: Loaded<RuntimeDetails>,
    },
    /// For [`Request::Messages`].
    Messages {
        /// The filter asked for (a response to an older filter is dropped).
        filter: MessageFilter,
        /// The logs.
        result: Loaded<Vec<MessageLog>>,
    },
    /// For [`Request::MessageDetails`].
    MessageDetails {
        /// The message asked for.
        guid: String,
        /// Its error text and attachments.
        result: Loaded<MessageDetails>,
    },
    /// For [`Request::Attachment`].
    Attachment {
        /// The attachment asked for.
        id: String,
        /// Its payload as text (invalid UTF-8 replaced).
        result: Loaded<String>,
    },
    /// For [`Request::Deploy`].
    Deployed {
        /// The artifact.
        id: String,
        /// Its runtime status once the deployment ended (`STARTED`, `ERROR`, ...).
        result: Loaded<String>,
    },
    /// For [`Request::Undeploy`].
    Undeployed {
        /// The artifact.
        id: String,
        /// Whether it worked.
        result: Loaded<()>,
    },
    /// For [`Request::Download`].
    Downloaded {
        /// The artifact.
        id: String,
        /// Where the zip was written.
        result: Loaded<PathBuf>,
    },
}
