import { fieldManagers } from './fieldManagers';

const managedFields = [
  {
    manager: 'slipway',
    operation: 'Apply',
    fieldsV1: { 'f:data': { 'f:colour': {}, 'f:size': {} } },
  },
  {
    manager: 'kubectl-edit',
    operation: 'Update',
    fieldsV1: { 'f:data': { 'f:colour': {} } },
  },
  {
    manager: 'hpa-controller',
    operation: 'Update',
    fieldsV1: {
      'f:spec': {
        'f:template': {
          'f:spec': {
            'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } },
          },
        },
      },
    },
  },
];

describe('fieldManagers', () => {
  it('names who else owns a drifted field', () => {
    expect(fieldManagers(managedFields, 'data.colour', 'slipway')).toEqual([
      'kubectl-edit',
    ]);
    expect(fieldManagers(managedFields, 'data.size', 'slipway')).toEqual([]);
  });

  it('attributes a list item to the owners of the list', () => {
    expect(
      fieldManagers(
        managedFields,
        'spec.template.spec.containers[0].image',
        'slipway',
      ),
    ).toEqual(['hpa-controller']);
  });

  it('copes with objects that have no managedFields', () => {
    expect(fieldManagers(undefined, 'data.colour', 'slipway')).toEqual([]);
  });
});
