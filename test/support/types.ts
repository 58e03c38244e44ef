/** The resource type tokens the component tests look for (one table for every test file). */
export const T = {
  // compute
  vm: "azure-native:compute:VirtualMachine",
  avset: "azure-native:compute:AvailabilitySet",
  run: "azure-native:compute:VirtualMachineRunCommandByVirtualMachine",
  ext: "azure-native:compute:VirtualMachineExtension",
  // network
  lb: "azure-native:network:LoadBalancer",
  pip: "azure-native:network:PublicIPAddress",
  nic: "azure-native:network:NetworkInterface",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nat: "azure-native:network:NatGateway",
  subnet: "azure-native:network:Subnet",
  vnet: "azure-native:network:VirtualNetwork",
  // storage (WSFC cloud witness)
  sa: "azure-native:storage:StorageAccount",
  // DNS
  zone: "azure-native:dns:Zone",
  pzone: "azure-native:privatedns:PrivateZone",
  link: "azure-native:privatedns:VirtualNetworkLink",
  recordSet: "azure-native:dns:RecordSet",
  privateRecordSet: "azure-native:privatedns:PrivateRecordSet",
  roleDef: "azure-native:authorization:RoleDefinition",
  roleAsg: "azure-native:authorization:RoleAssignment",
  identity: "azure-native:managedidentity:UserAssignedIdentity",
} as const;
