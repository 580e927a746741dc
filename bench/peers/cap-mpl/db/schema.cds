namespace bench;

// The flat subset of SAP Cloud Integration's MessageProcessingLog (OData API /api/v1) that CAP
// comparisons commonly use: SAP's property names, the flow as IntegrationFlowName (cpi has it in
// the complex property IntegrationArtifact/Id as well). LogStart/LogEnd are Timestamps so they keep
// the milliseconds cpi stores. Seq is cpi's row number: cpi breaks LogEnd ties by it (newest row
// first), so ordering by LogEnd desc, Seq desc gives the same rows in the same order.
entity MessageProcessingLogs {
  key MessageGuid            : String(36);
      CorrelationId          : String(36);
      ApplicationMessageId   : String(120);
      ApplicationMessageType : String(120);
      LogStart               : Timestamp;
      LogEnd                 : Timestamp;
      Sender                 : String(120);
      Receiver               : String(120);
      IntegrationFlowName    : String(120);
      Status                 : String(20);
      LogLevel               : String(10);
      CustomStatus           : String(40);
      TransactionId          : String(36);
      AlternateWebLink       : String(255);
      Seq                    : Integer64;
}
