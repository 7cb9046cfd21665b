import { InMemoryPrelabelStore } from "./in-memory-prelabel-store";
import { prelabelStoreContract } from "./prelabel-store-contract";

prelabelStoreContract("in-memory", async (items) => new InMemoryPrelabelStore(items));
