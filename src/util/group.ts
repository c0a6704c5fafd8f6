/** Appends `item` to the list under `key`, starting the list when there is none: grouping without copying a list per item. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
