//! What expressions read: the message, the exchange and the time of the run.

use time::OffsetDateTime;

/// The values a Camel Simple expression, a router condition or a Content Modifier row can read.
/// Every value is text (the runtime keeps headers and properties as strings).
pub trait Scope {
    /// A header, by case-insensitive name (Camel's headers are case-insensitive).
    fn header(&self, name: &str) -> Option<&str>;
    /// An exchange property, by exact name.
    fn property(&self, name: &str) -> Option<&str>;
    /// The message body.
    fn body(&self) -> &[u8];
    /// The exchange id (`${exchangeId}`).
    fn exchange_id(&self) -> &str;
    /// The time of the run (`${date:now:…}`), fixed for one run.
    fn now(&self) -> OffsetDateTime;
    /// The message of the exception being handled (`${exception.message}`), inside an
    /// exception subprocess.
    fn exception_message(&self) -> Option<&str>;
}
