namespace bench;

// The properties of SAP Cloud Integration's IntegrationDesigntimeArtifact (OData API /api/v1),
// with the same names and string types. CreatedAt/ModifiedAt are epoch-millisecond strings there.
entity IntegrationDesigntimeArtifacts {
  key Id              : String(200);
  key Version         : String(40);
      PackageId       : String(200);
      Name            : String(200);
      Description     : String(2000);
      Sender          : String(200);
      Receiver        : String(200);
      CreatedBy       : String(200);
      CreatedAt       : String(20);
      ModifiedBy      : String(200);
      ModifiedAt      : String(20);
      ArtifactContent : Binary;
      Comment         : String(2000);
}
