//! What generated logs are made of: integration scenarios (flow names, packages, systems,
//! adapters), customers, error texts in the shape Cloud Integration writes them, and small
//! attachment payloads.

/// An integration scenario the generated flows are instances of.
#[derive(Debug)]
pub struct Scenario {
    /// Base of the flow id (`<base>_<n>`).
    pub flow: &'static str,
    /// Display name of the flow.
    pub title: &'static str,
    /// Package id.
    pub package_id: &'static str,
    /// Package name.
    pub package_name: &'static str,
    /// `SAP_Sender`.
    pub sender: &'static str,
    /// `SAP_Receiver`.
    pub receiver: &'static str,
    /// `SAP_MessageType`.
    pub message_type: &'static str,
    /// The sender adapter.
    pub adapter: &'static str,
}

const fn scenario(
    flow: &'static str,
    title: &'static str,
    package: (&'static str, &'static str),
    systems: (&'static str, &'static str),
    message_type: &'static str,
    adapter: &'static str,
) -> Scenario {
    Scenario {
        flow,
        title,
        package_id: package.0,
        package_name: package.1,
        sender: systems.0,
        receiver: systems.1,
        message_type,
        adapter,
    }
}

const ORDERS: (&str, &str) = ("OrderManagement", "Order Management");
const FINANCE: (&str, &str) = ("FinanceIntegration", "Finance Integration");
const MASTER_DATA: (&str, &str) = ("MasterDataReplication", "Master Data Replication");
const LOGISTICS: (&str, &str) = ("Logistics", "Logistics");

/// The scenarios, in the order flows are numbered.
pub const SCENARIOS: [Scenario; 8] = [
    scenario("Orders_Inbound", "Orders Inbound", ORDERS, ("WebShop", "S4HANA"), "ORDERS05", "HTTPS"),
    scenario("Invoices_Outbound", "Invoices Outbound", FINANCE, ("S4HANA", "Ariba"), "INVOIC02", "IDoc"),
    scenario("Customer_Replication", "Customer Replication", MASTER_DATA, ("S4HANA", "Salesforce"), "DEBMAS07", "IDoc"),
    scenario("Material_Sync", "Material Master Sync", MASTER_DATA, ("S4HANA", "WebShop"), "MATMAS05", "SOAP"),
    scenario("Payments_Inbound", "Bank Payments Inbound", FINANCE, ("Bank", "S4HANA"), "pain.002", "SFTP"),
    scenario("Shipment_Notification", "Shipment Notification", LOGISTICS, ("S4HANA", "Carrier"), "DESADV01", "AS2"),
    scenario("Order_Confirmation", "Order Confirmation", ORDERS, ("S4HANA", "WebShop"), "ORDRSP", "JMS"),
    scenario("Stock_Update", "Stock Update", LOGISTICS, ("Warehouse", "S4HANA"), "WMMBXY", "HTTPS"),
];

/// Customers named in `Customer` headers.
pub const CUSTOMERS: [&str; 8] =
    ["ACME Corp", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli", "Soylent"];

/// Error texts with the model step that raised them; `{flow}` and `{n}` are filled in.
pub const ERRORS: [(&str, &str); 8] = [
    (
        "com.sap.it.rt.adapter.http.api.exception.HttpResponseException: An internal server error occured: \
         HTTP operation failed invoking https://erp.example.com/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder \
         with statusCode: 500.\nThe MPL ID for the failed message is : {guid}\nFor more details please check \
         tail log.",
        "CallActivity_12",
    ),
    (
        "org.apache.camel.component.ahc.AhcOperationFailedException: HTTP operation failed invoking \
         https://api.example.com/v1/orders/{n} with statusCode: 401, cause: Unauthorized",
        "ServiceTask_4",
    ),
    (
        "javax.net.ssl.SSLHandshakeException: PKIX path building failed: \
         sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to \
         requested target",
        "MessageFlow_7",
    ),
    (
        "java.net.SocketTimeoutException: Read timed out, cause: java.net.SocketTimeoutException: Read timed out",
        "ServiceTask_9",
    ),
    (
        "com.sap.xi.mapping.camel.XiMappingException: com.sap.aii.mappingtool.tf7.MessageMappingException: Cannot \
         produce target element /ns0:Order/Customer. Queue does not have enough values in context. Target XSD \
         requires a value for this element, but the target-field mapping does not produce one.",
        "CallActivity_3",
    ),
    (
        "org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: 1; Content is not allowed in prolog., \
         cause: org.xml.sax.SAXParseException; lineNumber: 1; columnNumber: 1; Content is not allowed in prolog.",
        "CallActivity_5",
    ),
    (
        "groovy.lang.MissingPropertyException: No such property: orderId for class: script_{flow}, cause: \
         groovy.lang.MissingPropertyException: No such property: orderId for class: script_{flow}",
        "CallActivity_21",
    ),
    (
        "com.sap.it.rt.adapter.sftp.SftpException: Could not connect to sftp.example.com:22 within 10000 ms: \
         Connection refused",
        "EndEvent_2",
    ),
];

/// Attachment payloads: name, content type and a template (`{n}` and `{customer}` are filled in).
pub const ATTACHMENTS: [(&str, &str, &str); 3] = [
    (
        "Request payload",
        "application/xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Order><OrderNumber>{n}</OrderNumber>\
         <Customer>{customer}</Customer><Items><Item><Material>MAT-100</Material><Quantity>3</Quantity></Item>\
         </Items></Order>\n",
    ),
    (
        "Response",
        "application/json",
        "{\"d\":{\"SalesOrder\":\"{n}\",\"SoldToParty\":\"{customer}\",\"OverallSDProcessStatus\":\"A\"}}\n",
    ),
    ("Log", "text/plain", "Received order {n} for {customer}; mapped 1 item; sent to the receiver.\n"),
];
