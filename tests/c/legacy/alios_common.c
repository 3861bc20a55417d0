/*
 * SPDX-License-Identifier: MIT
 *
 * Set-up shared by the AliOS scenarios: see alios_common.h.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alios_common.h"
#include "legacy_common.h"
#include "CheckSumUtils.h"
#include "hal/soc/flash.h"
#include "aws_ota_codesigner_certificate.h"

static void partitionPath( hal_partition_t p,
                           char * out,
                           size_t cap )
{
    ( void ) snprintf( out, cap, "flash.%d.bin", ( int ) p );
}

void alios_config( OtaAliOSConfig_t * cfg,
                   hal_ota_module_t * pModule,
                   uint32_t every )
{
    ( void ) memset( cfg, 0, sizeof( *cfg ) );
    cfg->pModule = pModule;
    cfg->pSignerKey = ( const uint8_t * ) signingcredentialSIGNING_CERTIFICATE_PEM;
    cfg->signerKeyLength = sizeof( signingcredentialSIGNING_CERTIFICATE_PEM );
    cfg->loadState = lc_load_state;
    cfg->saveState = lc_save_state;
    cfg->breakpointEveryBlocks = every;
    cfg->updateType = OTA_APP;
    cfg->firmwareType = OTA_RAW;
}

bool alios_read_flag( AliosFlag_t * flag )
{
    char path[ 64 ];
    uint32_t n = 0;
    uint8_t * p;

    partitionPath( HAL_PARTITION_PARAMETER_3, path, sizeof( path ) );
    p = lc_read_file( path, &n );

    if( ( p == NULL ) || ( n < sizeof( *flag ) ) )
    {
        free( p );
        return false;
    }

    ( void ) memcpy( flag, p, sizeof( *flag ) );
    free( p );
    return true;
}

bool alios_write_flag( const AliosFlag_t * flag )
{
    uint32_t offset = 0;

    return hal_flash_write( HAL_PARTITION_PARAMETER_3, &offset, flag, sizeof( *flag ) ) == 0;
}

bool alios_partition_holds( const uint8_t * data,
                            uint32_t size )
{
    char path[ 64 ];
    uint32_t n = 0;
    uint8_t * p;
    bool same;

    partitionPath( HAL_PARTITION_OTA_TEMP, path, sizeof( path ) );
    p = lc_read_file( path, &n );
    same = ( p != NULL ) && ( n >= size ) && ( memcmp( p, data, size ) == 0 );
    free( p );
    return same;
}

bool alios_corrupt_partition( uint32_t offset )
{
    uint8_t b = 0;
    uint32_t at = offset;

    if( hal_flash_read( HAL_PARTITION_OTA_TEMP, &at, &b, 1U ) != 0 )
    {
        return false;
    }

    b ^= 0x5aU;
    at = offset;
    return hal_flash_write( HAL_PARTITION_OTA_TEMP, &at, &b, 1U ) == 0;
}

uint16_t alios_port_crc( const uint8_t * data,
                         uint32_t size )
{
    CRC16_Context c;
    uint16_t crc = 0;

    CRC16_Init( &c );
    CRC16_Update( &c, data, size );
    CRC16_Final( &c, &crc );
    return crc;
}
